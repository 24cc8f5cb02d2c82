package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code KUBERNETES_SERVICE_HOST/PORT} (the API
 * server), then the container's {@code env} with values, Secret and ConfigMap keys and downward-API
 * fields ({@code metadata.name}, {@code metadata.namespace}, {@code metadata.uid}, labels,
 * annotations, {@code spec.nodeName}, {@code spec.serviceAccountName}, {@code status.podIP}, {@code
 * status.hostIP}). A missing Secret or key that is not optional keeps the container from starting
 * ({@code CreateContainerConfigError}), as on a cluster.
 */
final class PodEnv {
  private static final Pattern MAP_FIELD =
      Pattern.compile("^metadata\\.(labels|annotations)\\['(.+)'\\]$");

  private final KubernetesClient client;
  private final URI apiServer;

  PodEnv(KubernetesClient client, String apiServerUrl) {
    this.client = client;
    this.apiServer = URI.create(apiServerUrl);
  }

  Map<String, String> resolve(Pod pod, Container c, String podIp) throws Waiting {
    var env = new LinkedHashMap<String, String>();
    env.put("KUBERNETES_SERVICE_HOST", apiServer.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(apiServer.getPort()));
    env.put("KUBERNETES_PORT", "tcp://" + apiServer.getHost() + ":" + apiServer.getPort());
    for (EnvVar e : c.getEnv()) {
      String v = value(pod, e, podIp);
      if (v != null) {
        env.put(e.getName(), expand(v, env));
      }
    }
    return env;
  }

  private String value(Pod pod, EnvVar e, String podIp) throws Waiting {
    if (e.getValueFrom() == null) {
      return e.getValue() == null ? "" : e.getValue();
    }
    var from = e.getValueFrom();
    String ns = pod.getMetadata().getNamespace();
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      String v = null;
      if (s != null && s.getData() != null && s.getData().get(ref.getKey()) != null) {
        v = new String(Base64.getDecoder().decode(s.getData().get(ref.getKey())), UTF8);
      } else if (s != null && s.getStringData() != null) {
        v = s.getStringData().get(ref.getKey());
      }
      if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new Waiting(
            "CreateContainerConfigError",
            s == null
                ? "secret \"" + ref.getName() + "\" not found"
                : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return v;
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      String v = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new Waiting(
            "CreateContainerConfigError",
            cm == null
                ? "configmap \"" + ref.getName() + "\" not found"
                : "couldn't find key "
                    + ref.getKey()
                    + " in ConfigMap "
                    + ns
                    + "/"
                    + ref.getName());
      }
      return v;
    }
    if (from.getFieldRef() != null) {
      return field(pod, from.getFieldRef(), podIp);
    }
    return null; // resourceFieldRef: not played
  }

  private static String field(Pod pod, ObjectFieldSelector ref, String podIp) throws Waiting {
    var meta = pod.getMetadata();
    String path = ref.getFieldPath();
    Matcher m = MAP_FIELD.matcher(path);
    if (m.matches()) {
      var map = m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
      return map == null ? "" : map.getOrDefault(m.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP" -> podIp;
      case "status.podIPs" -> podIp;
      case "status.hostIP" -> "127.0.0.1";
      default -> throw new Waiting("CreateContainerConfigError", "unsupported fieldPath " + path);
    };
  }

  /** {@code $(VAR)} references to variables defined before, as the kubelet expands them. */
  private static String expand(String value, Map<String, String> env) {
    if (!value.contains("$(")) {
      return value;
    }
    var sb = new StringBuilder();
    Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
    while (m.find()) {
      String v = env.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
