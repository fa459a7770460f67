{{/*
The objects of one component, each called with (dict "root" $ "c" <resolved settings>) from components.yaml.
*/}}

{{- define "tereze.serviceAccount" -}}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "tereze.partName" (dict "root" .root "part" .c.name) }}
  labels:
    {{- include "tereze.labels" (dict "root" .root "part" .c.name) | nindent 4 }}
automountServiceAccountToken: false
{{- end }}

{{- define "tereze.service" -}}
{{- $portName := .c.protocol }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "tereze.partName" (dict "root" .root "part" .c.name) }}
  labels:
    {{- include "tereze.labels" (dict "root" .root "part" .c.name) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "tereze.selectorLabels" (dict "root" .root "part" .c.name) | nindent 4 }}
  ports:
    - name: {{ $portName }}
      port: {{ .c.port }}
      targetPort: {{ $portName }}
      protocol: TCP
      appProtocol: {{ ternary "http" "kubernetes.io/h2c" (eq .c.protocol "http") }}
{{- end }}

{{- define "tereze.deployment" -}}
{{- $root := .root }}
{{- $c := .c }}
{{- $name := include "tereze.partName" (dict "root" $root "part" $c.name) }}
{{- $sel := dict "root" $root "part" $c.name }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "tereze.labels" $sel | nindent 4 }}
spec:
  {{- if not $c.autoscaling.enabled }}
  replicas: {{ $c.replicas }}
  {{- end }}
  revisionHistoryLimit: {{ $c.revisionHistoryLimit }}
  selector:
    matchLabels:
      {{- include "tereze.selectorLabels" $sel | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "tereze.labels" $sel | nindent 8 }}
        {{- with $c.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- if or $c.configFiles $c.podAnnotations }}
      annotations:
        {{- if $c.configFiles }}
        {{- $content := list }}
        {{- range $var, $file := $c.configFiles }}
        {{- $content = append $content (include "tereze.configFile" (dict "root" $root "file" $file)) }}
        {{- end }}
        checksum/config: {{ join "\n" $content | sha256sum }}
        {{- end }}
        {{- with $c.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
    spec:
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ add $c.preStopSleepSeconds $c.shutdownGraceSeconds 10 }}
      securityContext:
        {{- include "tereze.podSecurityContext" $c.podSecurityContext | nindent 8 }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with $c.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      containers:
        - name: {{ $c.name }}
          image: {{ include "tereze.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: [tereze]
          args: [serve, {{ $c.name }}]
          ports:
            - name: {{ $c.protocol }}
              containerPort: {{ $c.port }}
              protocol: TCP
          env:
            {{- include "tereze.env" . | nindent 12 }}
          livenessProbe:
            {{- include "tereze.probe" (dict "root" $root "c" $c "kind" "liveness") | nindent 12 }}
          readinessProbe:
            {{- include "tereze.probe" (dict "root" $root "c" $c "kind" "readiness") | nindent 12 }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $c.preStopSleepSeconds }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          securityContext:
            {{- include "tereze.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $root.Values.serviceTLS.enabled }}
            - name: service-tls
              mountPath: {{ $root.Values.serviceTLS.mountPath }}
              readOnly: true
            {{- end }}
            {{- if $c.configFiles }}
            - name: config
              mountPath: {{ $root.Values.config.mountPath }}
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- if $root.Values.serviceTLS.enabled }}
        - name: service-tls
          secret:
            secretName: {{ $root.Values.serviceTLS.secretName }}
        {{- end }}
        {{- if $c.configFiles }}
        - name: config
          configMap:
            name: {{ include "tereze.partName" (dict "root" $root "part" "config") }}
            items:
              {{- range $var, $file := $c.configFiles }}
              - key: {{ $file }}
                path: {{ $file }}
              {{- end }}
        {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- range . }}
        {{- $tsc := deepCopy . }}
        {{- if not (hasKey $tsc "labelSelector") }}
        {{- $_ := set $tsc "labelSelector" (dict "matchLabels" (fromYaml (include "tereze.selectorLabels" $sel))) }}
        {{- end }}
        - {{- toYaml $tsc | nindent 10 }}
        {{- end }}
      {{- end }}
{{- end }}

{{- define "tereze.hpa" -}}
{{- $a := .c.autoscaling }}
{{- if $a.enabled }}
{{- if gt (int $a.minReplicas) (int $a.maxReplicas) }}
{{- fail (printf "components.%s.autoscaling: minReplicas (%d) is greater than maxReplicas (%d)" .c.name (int $a.minReplicas) (int $a.maxReplicas)) }}
{{- end }}
{{- $name := include "tereze.partName" (dict "root" .root "part" .c.name) }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "tereze.labels" (dict "root" .root "part" .c.name) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- if $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $a.targetMemoryUtilizationPercentage }}
    {{- end }}
{{- end }}
{{- end }}

{{- define "tereze.pdb" -}}
{{- $p := .c.podDisruptionBudget }}
{{- if $p.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "tereze.partName" (dict "root" .root "part" .c.name) }}
  labels:
    {{- include "tereze.labels" (dict "root" .root "part" .c.name) | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "tereze.selectorLabels" (dict "root" .root "part" .c.name) | nindent 6 }}
  {{- if and (hasKey $p "minAvailable") (not (kindIs "invalid" $p.minAvailable)) }}
  minAvailable: {{ $p.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $p.maxUnavailable }}
  {{- end }}
{{- end }}
{{- end }}

{{/* Deny by default: the component's pods accept only their callers (and, for the gateway, its public clients)
and reach only their callees, DNS, the database and the OTLP collector, plus any extra rules of the values. */}}
{{- define "tereze.networkPolicy" -}}
{{- $root := .root }}
{{- $c := .c }}
{{- $np := $root.Values.networkPolicy }}
{{- if $np.enabled }}
{{- $port := list (dict "port" (int $c.port) "protocol" "TCP") }}
{{- $ingress := list }}
{{- $from := list }}
{{- range $caller := fromYamlArray (include "tereze.callers" (dict "root" $root "name" $c.name)) }}
{{- $from = append $from (fromYaml (include "tereze.peer" (dict "root" $root "part" $caller))) }}
{{- end }}
{{- if $from }}
{{- $ingress = append $ingress (dict "from" $from "ports" $port) }}
{{- end }}
{{- if eq $c.name "gateway" }}
{{- if $np.gatewayFrom }}
{{- $public := concat $np.gatewayFrom (list (fromYaml (include "tereze.peer" (dict "root" $root "part" "test")))) }}
{{- $ingress = append $ingress (dict "from" $public "ports" $port) }}
{{- else }}
{{- $ingress = append $ingress (dict "ports" $port) }}
{{- end }}
{{- end }}
{{- $ingress = concat $ingress $c.extraIngress }}
{{- $egress := list }}
{{- range $callee := $c.calls }}
{{- $cc := dict }}
{{- include "tereze.resolve" (dict "root" $root "name" $callee "out" $cc) }}
{{- $to := list (fromYaml (include "tereze.peer" (dict "root" $root "part" $callee))) }}
{{- $egress = append $egress (dict "to" $to "ports" (list (dict "port" (int $cc.port) "protocol" "TCP"))) }}
{{- end }}
{{- $egress = append $egress (dict "to" $np.dns.to "ports" $np.dns.ports) }}
{{- if $root.Values.postgresql.enabled }}
{{- $to := list (fromYaml (include "tereze.peer" (dict "root" $root "part" "postgresql"))) }}
{{- $egress = append $egress (dict "to" $to "ports" (list (dict "port" 5432 "protocol" "TCP"))) }}
{{- else }}
{{- $egress = append $egress (dict "to" $np.database.to "ports" $np.database.ports) }}
{{- end }}
{{- if $root.Values.opentelemetry.endpoint }}
{{- $egress = append $egress (dict "to" $np.otlp.to "ports" $np.otlp.ports) }}
{{- end }}
{{- $egress = concat $egress $c.extraEgress }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "tereze.partName" (dict "root" $root "part" $c.name) }}
  labels:
    {{- include "tereze.labels" (dict "root" $root "part" $c.name) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "tereze.selectorLabels" (dict "root" $root "part" $c.name) | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- toYaml $ingress | nindent 4 }}
  egress:
    {{- toYaml $egress | nindent 4 }}
{{- end }}
{{- end }}
