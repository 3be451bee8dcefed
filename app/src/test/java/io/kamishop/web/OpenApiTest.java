package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiTest {

    @Test
    void everyApiRouteIsDescribedAndEveryDescriptionHasARoute() {
        try (TestStore store = TestStore.start()) {
            List<ApiDocs.Route> routes =
                    store.app().routes().stream().filter(ApiDocs::documented).toList();
            Set<String> registered = routes.stream().map(ApiDocs.Route::key).collect(Collectors.toSet());
            Set<String> described = ApiDocs.summaries().keySet();

            assertThat(registered)
                    .as("routes without a line in openapi/routes.txt")
                    .isSubsetOf(described);
            assertThat(described)
                    .as("lines in openapi/routes.txt without a route")
                    .isSubsetOf(registered);

            JsonNode doc = store.http().get("/api/openapi.json").json();
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            assertThat(doc.at("/paths/~1api~1orders/post/summary").asText()).contains("Place an order");
            assertThat(doc.at("/paths/~1api~1admin~1products~1{id}/get/security")
                            .isArray())
                    .isTrue();
            long operations = 0;
            for (JsonNode path : doc.get("paths")) {
                operations += path.size();
            }
            assertThat(operations).isEqualTo(routes.size());
        }
    }
}
