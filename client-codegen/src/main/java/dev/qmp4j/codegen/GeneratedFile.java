package dev.qmp4j.codegen;

/**
 * One generated source file.
 *
 * @param module the module whose generated source folder holds it
 * @param path its path under that folder, such as {@code dev/qmp4j/core/types/StatusInfo.java}
 * @param content its text
 */
record GeneratedFile(Module module, String path, String content) {
    /** The modules that receive generated sources. */
    enum Module {
        CORE, REACTIVE, BLOCKING
    }
}
