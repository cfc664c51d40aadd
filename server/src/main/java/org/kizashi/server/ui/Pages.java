package org.kizashi.server.ui;

import io.javalin.http.Context;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Requests;

/**
 * Renders the Pebble templates under {@code web/templates} in the reader's language. Templates call {@code t('key')}
 * for every text a person reads; output is HTML-escaped unless a template says otherwise.
 */
public final class Pages {
    public static final String LANGUAGE_COOKIE = "kizashi_lang";
    static final String LANGUAGE_ATTRIBUTE = "kizashi.language";

    private final PebbleEngine engine;
    private final Messages messages;
    private final String version;

    public Pages(Messages messages, String version, boolean cacheTemplates) {
        this.messages = messages;
        this.version = version;
        ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
        loader.setPrefix("web/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .cacheActive(cacheTemplates)
                .strictVariables(true)
                .extension(new AbstractExtension() {
                    @Override
                    public Map<String, Function> getFunctions() {
                        return Map.of("t", new Translate(messages));
                    }

                    @Override
                    public Map<String, Filter> getFilters() {
                        return Map.of("utc", new Utc());
                    }
                })
                .build();
    }

    public Messages messages() {
        return messages;
    }

    /**
     * The reader's language: an explicit choice (the switcher's cookie, else the language of the login session), else
     * the browser's Accept-Language.
     */
    public static Language language(Context ctx) {
        Language cached = ctx.attribute(LANGUAGE_ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        Language language = Language.of(ctx.cookie(LANGUAGE_COOKIE))
                .or(() -> Requests.principal(ctx).flatMap(p -> Language.of(p.language())))
                .orElseGet(() -> Language.fromAcceptLanguage(ctx.header("Accept-Language")));
        ctx.attribute(LANGUAGE_ATTRIBUTE, language);
        return language;
    }

    public String text(Context ctx, String key, Object... args) {
        return messages.get(language(ctx), key, args);
    }

    /** Renders {@code template} with {@code model} plus what every page needs (language, user, navigation, CSRF). */
    public void render(Context ctx, String template, Map<String, Object> model) {
        ctx.html(renderToString(ctx, template, model));
    }

    String renderToString(Context ctx, String template, Map<String, Object> model) {
        Language language = language(ctx);
        Map<String, Object> all = new HashMap<>(model);
        Principal principal = Requests.principal(ctx).orElse(null);
        all.put("lang", language.code());
        all.put("otherLang", language == Language.JA ? "en" : "ja");
        all.put("languages", List.of(Language.values()).stream().map(Language::code).toList());
        all.put("principal", principal);
        all.put("csrf", principal == null || principal.csrfToken() == null ? "" : principal.csrfToken());
        all.put("returnTo", ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
        all.put("version", version);
        all.put("areas", Area.ALL);
        all.putIfAbsent("currentArea", "");
        all.putIfAbsent("error", "");
        all.putIfAbsent("notice", "");
        PebbleTemplate compiled = engine.getTemplate(template);
        StringWriter out = new StringWriter();
        try {
            compiled.evaluate(out, all, language.locale());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code instant | utc} in templates: "2026-11-20 03:04 UTC" (with seconds: {@code utc('seconds')}); "—" for null. */
    private static final class Utc implements Filter {
        private static final java.time.format.DateTimeFormatter MINUTES =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
        private static final java.time.format.DateTimeFormatter SECONDS =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

        @Override
        public List<String> getArgumentNames() {
            return List.of("precision");
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            if (input == null) {
                return "—";
            }
            if (input instanceof java.time.Instant instant) {
                return ("seconds".equals(args.get("precision")) ? SECONDS : MINUTES).format(instant);
            }
            return input.toString();
        }
    }

    /** {@code t('key', arg0, arg1, ...)} in templates. */
    private static final class Translate implements Function {
        private final Messages messages;

        Translate(Messages messages) {
            this.messages = messages;
        }

        @Override
        public List<String> getArgumentNames() {
            return null; // positional arguments, named "0", "1", ...
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
            Language language = Language.of(context.getLocale().getLanguage()).orElse(Language.JA);
            Object key = args.get("0");
            List<Object> rest = new ArrayList<>();
            for (int i = 1; args.containsKey(String.valueOf(i)); i++) {
                rest.add(args.get(String.valueOf(i)));
            }
            return messages.get(language, String.valueOf(key), rest.toArray());
        }
    }
}
