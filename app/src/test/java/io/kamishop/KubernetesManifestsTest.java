package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.ProcessTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * packaging/kubernetes: parsed and checked against what Kubernetes requires of each kind and what
 * Kamishop needs of it (probes on /healthz, secrets from a Secret, a grace period longer than the
 * store's own drain, selectors that select the pods), and against the Dockerfile (port, user, jar).
 *
 * <p>Not {@code kubectl apply --dry-run=client}: kubectl asks a live API server for its schema even
 * then, and there is none here. {@code kubectl kustomize} runs offline and does when kubectl exists.
 */
class KubernetesManifestsTest {

    private static final Path DIR = repositoryRoot().resolve("packaging/kubernetes");

    @Test
    void theKustomizationListsEveryManifestAndEachHasWhatItsKindRequires() throws IOException {
        Map<String, Object> kustomization =
                yaml(DIR.resolve("kustomization.yaml")).get(0);
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        for (String file : resources) {
            for (Map<String, Object> doc : yaml(DIR.resolve(file))) {
                assertThat(doc).as(file).containsKeys("apiVersion", "kind", "metadata");
                assertThat(map(doc, "metadata").get("name"))
                        .as(file + " metadata.name")
                        .isEqualTo("kamishop");
                byKind.put((String) doc.get("kind"), doc);
            }
        }
        assertThat(byKind)
                .containsOnlyKeys(
                        "ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
        assertThat(byKind.get("Deployment").get("apiVersion")).isEqualTo("apps/v1");
        assertThat(byKind.get("Service").get("apiVersion")).isEqualTo("v1");
        assertThat(byKind.get("PodDisruptionBudget").get("apiVersion")).isEqualTo("policy/v1");
        assertThat(byKind.get("HorizontalPodAutoscaler").get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(resources)
                .as("the example Secret's placeholders are never applied")
                .doesNotContain("secret.example.yaml");
        assertThat(Files.exists(DIR.resolve("secret.example.yaml"))).isTrue();
    }

    @Test
    void theDeploymentProbesHealthzTakesSecretsFromASecretAndOutlastsTheDrain() throws IOException {
        Map<String, Object> deployment = yaml(DIR.resolve("deployment.yaml")).get(0);
        Map<String, Object> spec = map(deployment, "spec");
        Map<String, Object> template = map(spec, "template");
        Map<String, Object> podLabels = map(map(template, "metadata"), "labels");
        assertThat(podLabels).containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));
        Map<String, Object> pod = map(template, "spec");
        Map<String, Object> container = list(pod, "containers").get(0);
        assertThat(container).containsKeys("name", "image");

        Map<String, Object> port = list(container, "ports").get(0);
        assertThat(port.get("name")).isEqualTo("http");
        int containerPort = (Integer) port.get("containerPort");
        Map<String, Object> config = yaml(DIR.resolve("configmap.yaml")).get(0);
        assertThat(map(config, "data").get("KAMISHOP_PORT"))
                .as("the store listens where the probes knock")
                .isEqualTo(Integer.toString(containerPort));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertThat(get.get("path")).as(probe).isEqualTo("/healthz");
            assertThat(get.get("port")).as(probe).isIn("http", containerPort);
        }

        Map<String, String> secretKeys = new HashMap<>();
        for (Map<String, Object> env : list(container, "env")) {
            Map<String, Object> from = map(env, "valueFrom");
            if (from != null && from.get("secretKeyRef") != null) {
                secretKeys.put((String) env.get("name"), (String)
                        map(from, "secretKeyRef").get("key"));
            }
        }
        assertThat(secretKeys)
                .containsEntry("KAMISHOP_MASTER_KEY", "KAMISHOP_MASTER_KEY")
                .containsEntry("KAMISHOP_DB_URL", "KAMISHOP_DB_URL");
        assertThat(map(config, "data"))
                .as("no secret in the ConfigMap")
                .doesNotContainKeys("KAMISHOP_MASTER_KEY", "KAMISHOP_DB_URL", "KAMISHOP_ADMIN_TOKEN");

        @SuppressWarnings("unchecked")
        List<String> preStop = (List<String>)
                map(map(map(container, "lifecycle"), "preStop"), "exec").get("command");
        assertThat(preStop.get(0)).isEqualTo("sleep");
        long sleep = Long.parseLong(preStop.get(1));
        long grace = ((Integer) pod.get("terminationGracePeriodSeconds")).longValue();
        assertThat(Duration.ofSeconds(grace))
                .as("grace > preStop sleep + the store's drain of requests in flight + closing")
                .isGreaterThan(
                        Duration.ofSeconds(sleep).plus(Kamishop.DRAIN_ON_STOP).plusSeconds(5));

        Map<String, Object> requests = map(map(container, "resources"), "requests");
        assertThat(requests)
                .as("the CPU autoscaler measures against the CPU request")
                .containsKey("cpu");
        Map<String, Object> security = map(pod, "securityContext");
        assertThat(security.get("runAsNonRoot")).isEqualTo(true);
        assertThat(security.get("runAsUser")).as("the image's numeric user").isEqualTo(dockerfileUser());
        assertThat(map(container, "securityContext").get("readOnlyRootFilesystem"))
                .isEqualTo(true);
        List<String> mounts = list(container, "volumeMounts").stream()
                .map(m -> (String) m.get("mountPath"))
                .toList();
        assertThat(mounts)
                .as("writable places on a read-only root")
                .contains((String) map(config, "data").get("KAMISHOP_DATA_DIR"), "/tmp");
    }

    @Test
    void serviceBudgetAndAutoscalerPointAtTheDeployment() throws IOException {
        Map<String, Object> deployment = yaml(DIR.resolve("deployment.yaml")).get(0);
        Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");

        Map<String, Object> service = yaml(DIR.resolve("service.yaml")).get(0);
        assertThat(podLabels).containsAllEntriesOf(map(map(service, "spec"), "selector"));
        assertThat(list(map(service, "spec"), "ports").get(0).get("targetPort")).isEqualTo("http");

        Map<String, Object> pdb = yaml(DIR.resolve("pdb.yaml")).get(0);
        assertThat(podLabels).containsAllEntriesOf(map(map(map(pdb, "spec"), "selector"), "matchLabels"));
        assertThat((Integer) map(pdb, "spec").get("minAvailable")).isPositive();

        Map<String, Object> hpa = map(yaml(DIR.resolve("hpa.yaml")).get(0), "spec");
        assertThat(map(hpa, "scaleTargetRef"))
                .containsEntry("kind", "Deployment")
                .containsEntry("name", map(deployment, "metadata").get("name"));
        Map<String, Object> metric = list(hpa, "metrics").get(0);
        assertThat(map(metric, "resource").get("name")).isEqualTo("cpu");
        assertThat((Integer) hpa.get("minReplicas"))
                .as("two nodes survive one disruption")
                .isGreaterThanOrEqualTo(2);
        assertThat((Integer) hpa.get("maxReplicas")).isGreaterThan((Integer) hpa.get("minReplicas"));
    }

    @Test
    void theDockerfileMatchesTheJarThePortAndTheHealthCheck() throws Exception {
        String dockerfile = Files.readString(repositoryRoot().resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("COPY app/target/kamishop.jar ");
        assertThat(Files.readString(repositoryRoot().resolve("app/pom.xml")))
                .contains("<outputFile>${project.build.directory}/kamishop.jar</outputFile>");
        assertThat(dockerfile).contains("EXPOSE 8080", "KAMISHOP_PORT=8080");
        Matcher health = Pattern.compile("\"(io\\.kamishop\\.[A-Za-z]+)\"\\]").matcher(dockerfile);
        assertThat(health.find()).isTrue();
        assertThat(Class.forName(health.group(1)).getMethod("main", String[].class))
                .isNotNull();
    }

    @ProcessTest
    @Test
    void kubectlRendersTheKustomizationWhereKubectlIsInstalled() throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(kubectl),
                "kubectl is not installed; the manifests are still checked by the tests above");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", DIR.toString())
                .redirectErrorStream(true)
                .start();
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(rendered).isZero();
        assertThat(rendered)
                .contains(
                        "kind: Deployment",
                        "kind: HorizontalPodAutoscaler",
                        "kind: PodDisruptionBudget",
                        "app.kubernetes.io/name: kamishop");
    }

    private static int dockerfileUser() throws IOException {
        Matcher user = Pattern.compile("(?m)^USER (\\d+)")
                .matcher(Files.readString(repositoryRoot().resolve("Dockerfile")));
        assertThat(user.find()).as("the Dockerfile's USER is numeric").isTrue();
        return Integer.parseInt(user.group(1));
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) doc;
            docs.add(map);
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("packaging")) ? here : here.getParent();
    }
}
