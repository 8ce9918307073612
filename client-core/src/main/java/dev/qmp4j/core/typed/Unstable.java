package dev.qmp4j.core.typed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command, member or enumeration value that QEMU flags with the {@code unstable}
 * feature: experimental, may change or disappear in any QEMU release (such as the
 * {@code x-} commands). Kept at run time so that tools can refuse or report unstable use.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.RECORD_COMPONENT})
public @interface Unstable {
}
