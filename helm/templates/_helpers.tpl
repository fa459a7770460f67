{{/*
Names, labels, the merge of `default` with a component's block, and the pieces every pod shares.
*/}}

{{- define "tereze.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tereze.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one part of the release (a component, "postgresql", "migrate", ...): <fullname>-<part>.
Object names are DNS labels; fail loudly instead of truncating two parts into the same name. */}}
{{- define "tereze.partName" -}}
{{- $n := printf "%s-%s" (include "tereze.fullname" .root) .part }}
{{- if gt (len $n) 63 }}
{{- fail (printf "object name %q is longer than 63 characters: use a shorter release name or set fullnameOverride" $n) }}
{{- end }}
{{- $n }}
{{- end }}

{{- define "tereze.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tereze.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .part }}
{{- end }}

{{- define "tereze.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "tereze.selectorLabels" . }}
app.kubernetes.io/part-of: bir-tereze
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "tereze.image" -}}
{{- $img := .Values.image }}
{{- if $img.digest }}
{{- printf "%s@%s" $img.repository $img.digest }}
{{- else }}
{{- printf "%s:%s" $img.repository (default .Chart.AppVersion $img.tag) }}
{{- end }}
{{- end }}

{{/* Deep-merge the map (index . 1) into the map (index . 0), in place. Written out rather than sprig's
mergeOverwrite so that `false`, 0 and "" in a component's block win over `default` on every Helm version. */}}
{{- define "tereze.mergeInto" -}}
{{- $dst := index . 0 }}
{{- range $k, $v := (index . 1) }}
{{- if and (kindIs "map" $v) (kindIs "map" (get $dst $k)) }}
{{- include "tereze.mergeInto" (list (get $dst $k) $v) }}
{{- else if or (kindIs "map" $v) (kindIs "slice" $v) }}
{{- $_ := set $dst $k (deepCopy $v) }}
{{- else }}
{{- $_ := set $dst $k $v }}
{{- end }}
{{- end }}
{{- end }}

{{/* The settings of one component: `default` deep-merged with `components.<name>`, plus its `name`.
Usage: {{- $c := dict }}{{- include "tereze.resolve" (dict "root" $ "name" "intake" "out" $c) }} */}}
{{- define "tereze.resolve" -}}
{{- if not (hasKey .root.Values.components .name) }}
{{- fail (printf "unknown component %q" .name) }}
{{- end }}
{{- include "tereze.mergeInto" (list .out (deepCopy .root.Values.default)) }}
{{- include "tereze.mergeInto" (list .out (index .root.Values.components .name)) }}
{{- $_ := set .out "name" .name }}
{{- end }}

{{/* Names of the components that call component .name (the reverse of `calls`). Output: a YAML list. */}}
{{- define "tereze.callers" -}}
{{- $callers := list }}
{{- range $other := keys .root.Values.components | sortAlpha }}
{{- $oc := dict }}
{{- include "tereze.resolve" (dict "root" $.root "name" $other "out" $oc) }}
{{- if has $.name $oc.calls }}
{{- $callers = append $callers $other }}
{{- end }}
{{- end }}
{{- toYaml $callers }}
{{- end }}

{{/* A NetworkPolicy peer selecting the pods of one part of this release. */}}
{{- define "tereze.peer" -}}
podSelector:
  matchLabels:
    {{- include "tereze.selectorLabels" . | nindent 4 }}
{{- end }}

{{- define "tereze.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
fsGroup: {{ .fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "tereze.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* DATABASE_URL of service .name: from the external Secret, or built for the bundled PostgreSQL with the
password expanded by Kubernetes from the generated Secret. Output: a YAML list of env entries. */}}
{{- define "tereze.databaseEnv" -}}
{{- $pg := .root.Values.postgresql }}
{{- if $pg.enabled -}}
- name: TEREZE_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "tereze.postgresql.secretName" .root }}
      key: password
- name: DATABASE_URL
  value: {{ printf "postgresql+psycopg://%s:$(TEREZE_DATABASE_PASSWORD)@%s:5432/%s" $pg.auth.username (include "tereze.partName" (dict "root" .root "part" "postgresql")) .name | quote }}
{{- else -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.externalDatabase.existingSecret }}
      key: {{ printf "%s-database-url" .name }}
{{- end }}
{{- end }}

{{- define "tereze.postgresql.secretName" -}}
{{- default (include "tereze.partName" (dict "root" . "part" "postgresql")) .Values.postgresql.auth.existingSecret }}
{{- end }}

{{/* Content of one file of the shared ConfigMap: the value, or the chart's copy of the service default. */}}
{{- define "tereze.configFile" -}}
{{- $content := index .root.Values.config.files .file }}
{{- if not $content }}
{{- $content = .root.Files.Get (printf "files/%s" .file) }}
{{- end }}
{{- if not $content }}
{{- fail (printf "config.files.%s is empty and the chart ships no files/%s" .file .file) }}
{{- end }}
{{- $content }}
{{- end }}

{{/* The environment of a component's container, in order: the chart's own variables, then the component's
`secretEnv` and `env`; an entry of those with the name of a chart variable replaces it in place (no duplicate
names, `$(VAR)` references keep working). */}}
{{- define "tereze.env" -}}
{{- $root := .root }}
{{- $c := .c }}
{{- $otel := $root.Values.opentelemetry }}
{{- $env := fromYamlArray (include "tereze.databaseEnv" (dict "root" $root "name" $c.name)) }}
{{- $env = append $env (dict "name" "LISTEN_HOST" "value" "0.0.0.0") }}
{{- $env = append $env (dict "name" (ternary "GATEWAY_PORT" "GRPC_PORT" (eq $c.protocol "http")) "value" (printf "%d" (int $c.port))) }}
{{- range $peer := $c.calls }}
{{- $pc := dict }}
{{- include "tereze.resolve" (dict "root" $root "name" $peer "out" $pc) }}
{{- $addr := printf "%s:%d" (include "tereze.partName" (dict "root" $root "part" $peer)) (int $pc.port) }}
{{- $env = append $env (dict "name" (printf "%s_ADDR" (upper $peer)) "value" $addr) }}
{{- end }}
{{- $env = append $env (dict "name" "TEREZE_SHUTDOWN_GRACE" "value" (printf "%d" (int $c.shutdownGraceSeconds))) }}
{{- $env = append $env (dict "name" "LOG_LEVEL" "value" $c.logLevel) }}
{{- with $root.Values.serviceTLS }}{{- if .enabled }}
{{- $env = append $env (dict "name" "TEREZE_TLS_CERT" "value" (printf "%s/tls.crt" .mountPath)) }}
{{- $env = append $env (dict "name" "TEREZE_TLS_KEY" "value" (printf "%s/tls.key" .mountPath)) }}
{{- $env = append $env (dict "name" "TEREZE_TLS_CA" "value" (printf "%s/ca.crt" .mountPath)) }}
{{- if eq $c.protocol "grpc" }}
{{- $env = append $env (dict "name" "TEREZE_HEALTH_PORT" "value" (printf "%d" (int .healthPort))) }}
{{- end }}
{{- end }}{{- end }}
{{- range $var, $file := $c.configFiles }}
{{- $env = append $env (dict "name" $var "value" (printf "%s/%s" $root.Values.config.mountPath $file)) }}
{{- end }}
{{- $env = append $env (dict "name" "K8S_POD_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.name"))) }}
{{- $env = append $env (dict "name" "OTEL_SERVICE_NAME" "value" $c.name) }}
{{- if $otel.endpoint }}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_ENDPOINT" "value" $otel.endpoint) }}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_PROTOCOL" "value" $otel.protocol) }}
{{- else }}
{{- $env = append $env (dict "name" "OTEL_TRACES_EXPORTER" "value" "none") }}
{{- end }}
{{- $env = append $env (dict "name" "OTEL_TRACES_SAMPLER" "value" $otel.sampler) }}
{{- if $otel.samplerArg }}
{{- $env = append $env (dict "name" "OTEL_TRACES_SAMPLER_ARG" "value" (toString $otel.samplerArg)) }}
{{- end }}
{{- $env = append $env (dict "name" "OTEL_PYTHON_GRPC_EXCLUDED_SERVICES" "value" "grpc.health.v1.Health") }}
{{- $attrs := list (printf "service.version=%s" $root.Chart.AppVersion) (printf "k8s.namespace.name=%s" $root.Release.Namespace) "k8s.pod.name=$(K8S_POD_NAME)" }}
{{- range $k := keys $otel.resourceAttributes | sortAlpha }}
{{- $attrs = append $attrs (printf "%s=%s" $k (toString (index $otel.resourceAttributes $k))) }}
{{- end }}
{{- $env = append $env (dict "name" "OTEL_RESOURCE_ATTRIBUTES" "value" (join "," $attrs)) }}
{{- $user := dict }}
{{- range $k, $v := $c.secretEnv }}
{{- if $v.name }}
{{- $ref := dict "name" $v.name "key" $v.key }}
{{- if $v.optional }}
{{- $_ := set $ref "optional" true }}
{{- end }}
{{- $_ := set $user $k (dict "name" $k "valueFrom" (dict "secretKeyRef" $ref)) }}
{{- end }}
{{- end }}
{{- range $k, $v := $c.env }}
{{- if ne (toString $v) "" }}
{{- $_ := set $user $k (dict "name" $k "value" (toString $v)) }}
{{- end }}
{{- end }}
{{- $out := list }}
{{- range $e := $env }}
{{- if hasKey $user $e.name }}
{{- $out = append $out (get $user $e.name) }}
{{- $_ := unset $user $e.name }}
{{- else }}
{{- $out = append $out $e }}
{{- end }}
{{- end }}
{{- range $k := keys $user | sortAlpha }}
{{- $out = append $out (get $user $k) }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* A liveness or readiness probe: native gRPC health for gRPC services, /healthz and /readyz for the gateway. */}}
{{- define "tereze.probe" -}}
{{- $p := index .c.probes .kind }}
{{- if eq .c.protocol "grpc" -}}
grpc:
  {{- /* With mutual TLS the kubelet, which has no client certificate, asks the plaintext health port. */}}
  port: {{ ternary .root.Values.serviceTLS.healthPort .c.port .root.Values.serviceTLS.enabled }}
  {{- if $p.grpcService }}
  service: {{ $p.grpcService | quote }}
  {{- end }}
{{- else -}}
httpGet:
  path: {{ ternary "/healthz" "/readyz" (eq .kind "liveness") }}
  port: http
{{- end }}
initialDelaySeconds: {{ $p.initialDelaySeconds }}
periodSeconds: {{ $p.periodSeconds }}
timeoutSeconds: {{ $p.timeoutSeconds }}
failureThreshold: {{ $p.failureThreshold }}
{{- end }}
