package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoginFormTest {
    private final LoginForm form = LoginForm.parse("POST /login username", "ACTIONLOG_LOGIN_FORM");

    private String value(String contentType, byte[] body) {
        LoginForm.Read read = form.read(contentType, body, null);
        assertNull(read.problem());
        return read.value();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheSettingAndRefusesOtherShapes() {
        assertEquals(new LoginForm("POST", "/login", "username"), form);
        assertEquals(new LoginForm("POST", "/auth/*", "email"), LoginForm.parse("post  /auth/*  email", "X"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoginForm.parse("/login username", "ACTIONLOG_LOGIN_FORM"));
        assertEquals("ACTIONLOG_LOGIN_FORM=/login username is not 'METHOD /path field'; set e.g. POST /login username", e.getMessage());
    }

    @Test
    void matchesTheSignInRequestOnly() {
        assertTrue(form.matches(Requests.get("/login").method("POST").build()));
        assertFalse(form.matches(Requests.get("/login").build()));
        assertFalse(form.matches(Requests.get("/login2").method("POST").build()));
        LoginForm prefix = LoginForm.parse("POST /auth/* email", "X");
        assertTrue(prefix.matches(Requests.get("/auth/signin").method("POST").build()));
    }

    @Test
    void readsTheFieldFromAUrlencodedBody() {
        assertEquals("alice smith", value("application/x-www-form-urlencoded",
                bytes("password=p%40ss&username=alice+smith&remember=1")));
        assertEquals("bob", value("application/x-www-form-urlencoded; charset=UTF-8", bytes("username=bob")));
        assertNull(value("application/x-www-form-urlencoded", bytes("user=bob&password=x")));
        assertNull(value("application/x-www-form-urlencoded", bytes("xusername=bob")));
    }

    @Test
    void readsTheFieldFromAMultipartBody() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\ncarol\r\n--XyZ--\r\n";
        assertEquals("carol", value("multipart/form-data; boundary=XyZ", bytes(body)));
        assertEquals("carol", value("multipart/form-data; boundary=\"XyZ\"", bytes(body)));
        assertNull(value("multipart/form-data", bytes(body)), "no boundary: nothing read");
    }

    @Test
    void readsTheFieldFromAJsonBody() {
        assertEquals("dave", value("application/json",
                bytes("{\"password\":\"x\",\"nested\":{\"username\":\"no\"},\"username\":\"dave\"}")));
        assertNull(value("application/json", bytes("{\"username\":{\"a\":1}}")));
        assertNull(value("application/json", bytes("{\"username\": tru")), "malformed: nothing");
        assertNull(value("application/json", bytes("[\"username\"]")));
    }

    @Test
    void otherTypesEmptyAndOversizeBodiesAreNotRead() {
        assertNull(value("text/plain", bytes("username=bob")));
        assertNull(value(null, bytes("username=bob")));
        assertNull(value("application/x-www-form-urlencoded", new byte[0]));
        byte[] big = bytes("username=bob&pad=" + "x".repeat(Limits.MAX_LOGIN_BODY));
        assertNull(value("application/x-www-form-urlencoded", big));
    }

    @Test
    void aRepeatedFieldOrOneAlsoInTheQueryIsAmbiguousAndNamesNoOne() {
        assertEquals(new LoginForm.Read(null, "login form field username is repeated; the application may read either copy, so no one is named"),
                form.read("application/x-www-form-urlencoded", bytes("username=victim&password=x&username=mallory"), null));
        String multipart = "--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nvictim\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nmallory\r\n--B--\r\n";
        assertEquals("login form field username is repeated; the application may read either copy, so no one is named",
                form.read("multipart/form-data; boundary=B", bytes(multipart), null).problem());
        assertEquals("login form field username is a duplicate key; the application may read either copy, so no one is named",
                form.read("application/json", bytes("{\"username\":\"victim\",\"username\":\"mallory\"}"), null).problem());
        assertEquals(new LoginForm.Read(null, "login form field username is in the query string and in the body; the application "
                        + "may read either copy, so no one is named"),
                form.read("application/x-www-form-urlencoded", bytes("username=victim&password=x"), "username=mallory"));
        assertEquals(new LoginForm.Read("bob", null), form.read("application/x-www-form-urlencoded", bytes("username=bob"), "next=%2Fhome"));
    }
}
