package com.oauthconfig.common.openapi;

import com.oauthconfig.common.problem.ProblemType;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Documents the error answers of every operation the same way, from the one catalogue
 * ({@link ProblemType}) the services answer with: each catalogue entry becomes a schema
 * ({@code Problem-<slug>}, the RFC 9457 {@code Problem} with its fixed {@code type} and
 * {@code status}), and each operation gets, where its annotations do not say more, the
 * {@code application/problem+json} answers it can really give: 400 when it takes parameters or a
 * body, 401 and 403 when it needs a token, 404 when its path names a record, 413 and 415 when it
 * takes a body, and on every operation 406, 429 (the failed-authentication limit applies to every
 * endpoint), 500 and 503 (database unavailable). Runs at build time, so the document the service
 * serves and the one written to the repository are the same.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    public static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        var components = openAPI.getComponents();
        components.addSchema("FieldError", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One rule the request broke")
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The body member (JSON path), query, path or header parameter"))
                .addProperty("rule", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("The rule, in plain words"))
                .required(List.of("field", "rule")));
        components.addSchema(PROBLEM, problemSchema());
        for (ProblemType type : catalogue()) {
            components.addSchema(schemaName(type), OASFactory.createSchema()
                    .title(type.title())
                    .description(type.title() + " (HTTP " + type.status() + ")")
                    .addAllOf(ref(PROBLEM))
                    .addProperty("type", OASFactory.createSchema().constValue(type.uri()))
                    .addProperty("status", OASFactory.createSchema().constValue(type.status())));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean globalSecurity = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.getOperations().entrySet()) {
                document(path, item, e.getValue(), globalSecurity);
            }
        });
    }

    private void document(String path, PathItem item, Operation op, boolean globalSecurity) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        boolean body = op.getRequestBody() != null;
        boolean parameters = body || op.getParameters() != null && !op.getParameters().isEmpty()
                || item.getParameters() != null && !item.getParameters().isEmpty();
        boolean secured = op.getSecurity() != null ? !op.getSecurity().isEmpty() : globalSecurity;
        if (parameters) {
            addIfMissing(responses, 400);
        }
        if (secured) {
            addIfMissing(responses, 401);
            addIfMissing(responses, 403);
        }
        if (path.contains("{")) {
            addIfMissing(responses, 404);
        }
        if (body) {
            addIfMissing(responses, 413);
            addIfMissing(responses, 415);
        }
        for (int status : new int[] {406, 429, 500, 503}) {
            addIfMissing(responses, status);
        }
        // Every error answer documented by hand also carries the problem+json body it can answer with.
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.matches("[45]\\d\\d") && !catalogue(Integer.parseInt(code)).isEmpty()) {
                withProblemContent(response, Integer.parseInt(code));
            }
        });
    }

    private void addIfMissing(APIResponses responses, int status) {
        String code = String.valueOf(status);
        if (responses.hasAPIResponse(code) || catalogue(status).isEmpty()) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(describe(status));
        if (status == 429 || status == 503) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        responses.addAPIResponse(code, withProblemContent(response, status));
    }

    private APIResponse withProblemContent(APIResponse response, int status) {
        Content content = response.getContent() == null ? OASFactory.createContent() : response.getContent();
        if (content.hasMediaType(PROBLEM_JSON) && content.getMediaType(PROBLEM_JSON).getSchema() != null) {
            return response;
        }
        List<ProblemType> types = catalogue(status);
        Schema schema = types.size() == 1 ? ref(schemaName(types.get(0)))
                : OASFactory.createSchema().oneOf(types.stream().map(t -> ref(schemaName(t))).collect(Collectors.toList()));
        MediaType media = OASFactory.createMediaType().schema(schema);
        content.addMediaType(PROBLEM_JSON, media);
        response.setContent(content);
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(describe(status));
        }
        return response;
    }

    private static String describe(int status) {
        return catalogue(status).stream().map(t -> t.title() + " (" + t.uri() + ")").collect(Collectors.joining("; "));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An error answer, RFC 9457 (application/problem+json). Clients match on type; further members "
                        + "carry details of some types (references of a conflict, limit of a rate limit, dependency of a 503).")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                        .description("Stable identifier of the problem, urn:oauth-platform:problem:<slug>")
                        .enumeration(new ArrayList<>(catalogue().stream().map(ProblemType::uri).toList())))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(ref("FieldError"))
                        .description("Bad input: each field or parameter and the rule it broke"))
                .required(List.of("type", "title", "status"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    private static Schema ref(String schema) {
        return OASFactory.createSchema().ref("#/components/schemas/" + schema);
    }

    static String schemaName(ProblemType type) {
        return PROBLEM + "-" + type.slug();
    }

    /** The shared catalogue: every public constant of {@link ProblemType}, by status then slug (also what the OpenAPI tests expect). */
    public static List<ProblemType> catalogue() {
        Map<String, ProblemType> all = new TreeMap<>();
        for (Field f : ProblemType.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ProblemType.class) {
                try {
                    ProblemType t = (ProblemType) f.get(null);
                    all.put(t.slug(), t);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all.values().stream().sorted(Comparator.comparingInt(ProblemType::status).thenComparing(ProblemType::slug)).toList();
    }

    static List<ProblemType> catalogue(int status) {
        return catalogue().stream().filter(t -> t.status() == status).toList();
    }
}
