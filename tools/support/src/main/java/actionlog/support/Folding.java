package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.RequestKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Actions, not assets: each asset request (image, script, style, font…) is folded under the page it belongs to —
 * the latest navigation or form submit before it in the same session (the same user when there is no session).
 * An asset with no page before it in the list stays a row of its own.
 */
public final class Folding {
    /** Extra field on a page event in JSON/CSV output: how many asset requests were folded under it. */
    public static final String F_FOLDED = "actionlog.assets_folded";

    /**
     * Extra field on an asset in the timeline's answer: the {@code event.id} of the page it folds under, so the page
     * shows the folding of the CLI without a rule of its own.
     */
    public static final String F_FOLDED_UNDER = "actionlog.folded_under";

    /** One action and the assets folded under it (oldest first). */
    public record Row(ActionEvent event, List<ActionEvent> assets) {}

    private Folding() {}

    /** {@code events} oldest first, as `trace`/`session`/`ip` list them. */
    public static List<Row> fold(List<ActionEvent> events) {
        List<Row> rows = new ArrayList<>();
        Map<String, Row> pageOf = new HashMap<>();
        for (ActionEvent event : events) {
            String kind = RequestKind.of(event);
            String scope = event.sessionId() != null ? "s:" + event.sessionId() : "u:" + event.userId();
            Row page = pageOf.get(scope);
            if (kind.equals(RequestKind.ASSET) && page != null) {
                page.assets().add(event);
                continue;
            }
            Row row = new Row(event, new ArrayList<>());
            rows.add(row);
            if (kind.equals(RequestKind.NAVIGATION) || kind.equals(RequestKind.FORM_SUBMIT)) pageOf.put(scope, row);
        }
        return rows;
    }

    /** Each folded asset of {@code rows} and the page it folds under (by identity: two events may be equal). */
    public static Map<ActionEvent, ActionEvent> pages(List<Row> rows) {
        Map<ActionEvent, ActionEvent> pages = new IdentityHashMap<>();
        for (Row row : rows) {
            for (ActionEvent asset : row.assets()) pages.put(asset, row.event());
        }
        return pages;
    }

    /** The events of the rows, each page carrying {@link #F_FOLDED} when assets were folded under it. */
    public static List<ActionEvent> flatten(List<Row> rows) {
        List<ActionEvent> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.assets().isEmpty()) {
                out.add(row.event());
                continue;
            }
            try {
                out.add(actionlog.core.EventCodec.decode(row.event().toJson()).put(F_FOLDED, row.assets().size()));
            } catch (actionlog.core.InvalidEventException e) {
                out.add(row.event()); // cannot happen: the event was decoded the same way
            }
        }
        return out;
    }

    /** "3 assets: /app.js, /style.css, /logo.png" (the first few paths). */
    static String summary(List<ActionEvent> assets) {
        List<String> paths = assets.stream().map(a -> Objects.toString(a.string(ActionEvent.F_PATH), "?")).distinct().limit(4).toList();
        return assets.size() + (assets.size() == 1 ? " asset: " : " assets: ") + String.join(", ", paths)
                + (assets.size() > paths.size() ? ", …" : "");
    }
}
