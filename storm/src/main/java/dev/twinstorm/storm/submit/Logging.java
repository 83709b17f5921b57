package dev.twinstorm.storm.submit;

/**
 * Turns Storm's client-side logging down to WARN (it logs every submit step at INFO), so a failure's one-line message
 * is the last stderr line and not lost among INFO lines. $TWINSTORM_STORM_LOG_LEVEL (e.g. INFO, DEBUG) overrides.
 */
final class Logging {
    private Logging() {
    }

    static void quiet() {
        String level = System.getenv("TWINSTORM_STORM_LOG_LEVEL");
        try {
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(
                org.apache.logging.log4j.Level.toLevel(level == null || level.isEmpty() ? "WARN" : level, org.apache.logging.log4j.Level.WARN));
        } catch (LinkageError | RuntimeException e) {
            // log4j-core is not on this classpath: nothing to quiet.
        }
    }
}
