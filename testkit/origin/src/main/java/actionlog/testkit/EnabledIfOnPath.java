package actionlog.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only where each named program is on the PATH; elsewhere each of its
 * tests is reported as skipped, with the missing programs and how to install them.
 *
 * <p>A condition rather than an assumption in {@code @BeforeAll}: Surefire and Failsafe report a class whose
 * {@code @BeforeAll} is aborted as "Tests run: 0" with no reason, as if it had no tests.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(OnPath.class)
public @interface EnabledIfOnPath {
    /** Program names, each looked up in the directories of the PATH. */
    String[] value();

    /** How to install them, quoted in the skip reason, e.g. {@code apt-get install nginx-light}. */
    String install();
}
