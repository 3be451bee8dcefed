package io.kamishop.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Configures Logback in code, found by Logback through {@code META-INF/services}: no XML to parse
 * at start-up, and the operator picks the format with one variable.
 *
 * <ul>
 *   <li>{@code KAMISHOP_LOG_FORMAT}: {@code text} (default; one readable line, with the MDC in
 *       braces) or {@code json} (one JSON object per line, the MDC under {@code "mdc"}, for a log
 *       shipper).</li>
 *   <li>{@code KAMISHOP_LOG_LEVEL}: the store's own level, {@code info} by default.</li>
 * </ul>
 * The same names work as system properties ({@code -Dkamishop.log.format=json}). An operator who
 * wants a logback.xml of their own passes {@code -Dlogback.configurationFile=...} and gets it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    private static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %-5level [%thread] %logger{0}%replace( {%mdc}){' \\{\\}', ''} - %msg%n";
    /** Libraries that are chatty at INFO about things an operator never acts on. */
    private static final Map<String, Level> QUIET = Map.of(
            "org.flywaydb",
            Level.WARN,
            "org.eclipse.jetty",
            Level.WARN,
            "com.zaxxer.hikari",
            Level.WARN,
            "org.pf4j",
            Level.WARN,
            "io.javalin",
            Level.WARN,
            "io.opentelemetry",
            Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(context, setting("KAMISHOP_LOG_FORMAT", "text")));
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("KAMISHOP_LOG_LEVEL", "info"), Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        Encoder<ILoggingEvent> encoder;
        if (format.equalsIgnoreCase("json")) {
            JsonEncoder json = new JsonEncoder();
            // The formatted line only: the raw template and argument array would say it twice.
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static String setting(String env, String fallback) {
        String property = System.getProperty(env.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
