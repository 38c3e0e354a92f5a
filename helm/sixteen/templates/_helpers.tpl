{{/*
The chart's name, or nameOverride.
*/}}
{{- define "sixteen.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's resources: <release>-<chart>, or the release name alone when
it already holds the chart's name. Kept to 63 characters, the DNS label limit.
*/}}
{{- define "sixteen.fullname" -}}
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

{{/*
chart-version, for the helm.sh/chart label.
*/}}
{{- define "sixteen.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The labels every resource carries.
*/}}
{{- define "sixteen.labels" -}}
helm.sh/chart: {{ include "sixteen.chart" . }}
{{ include "sixteen.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sixteen
{{- end }}

{{/*
The labels of the <fullname>-metrics Service, which the ServiceMonitor selects.
*/}}
{{- define "sixteen.metricsServiceLabels" -}}
{{ include "sixteen.labels" . }}
app.kubernetes.io/component: metrics
{{- end }}

{{/*
The job label Prometheus gives the scraped series under the ServiceMonitor: the value of
the metrics Service's label named by serviceMonitor.jobLabel, or else (no jobLabel, or a
label the Service does not carry) the Service's name, as the Prometheus Operator does.
*/}}
{{- define "sixteen.metricsJob" -}}
{{- $labels := include "sixteen.metricsServiceLabels" . | fromYaml }}
{{- $jobLabel := .Values.metrics.serviceMonitor.jobLabel }}
{{- if and $jobLabel (hasKey $labels $jobLabel) }}
{{- index $labels $jobLabel }}
{{- else }}
{{- include "sixteen.fullname" . }}-metrics
{{- end }}
{{- end }}

{{/*
The label matchers that pick this release's series in PromQL: metrics.prometheusRule.selector,
or namespace="<release namespace>", job="<the ServiceMonitor's job>". The alerts and the
ScaledObject's query use it.
*/}}
{{- define "sixteen.seriesSelector" -}}
{{- .Values.metrics.prometheusRule.selector | default (printf "namespace=%q, job=%q" .Release.Namespace (include "sixteen.metricsJob" .)) }}
{{- end }}

{{/*
The labels of the ServiceMonitor and the PrometheusRule: the chart's, release: <metrics.release>
for kube-prometheus-stack's selectors, then the resource's own extra labels.
*/}}
{{- define "sixteen.monitoringLabels" -}}
{{- $root := index . 0 }}
{{- $extra := index . 1 }}
{{- $labels := include "sixteen.labels" $root | fromYaml }}
{{- with $root.Values.metrics.release }}
{{- $_ := set $labels "release" . }}
{{- end }}
{{- toYaml (mergeOverwrite $labels ($extra | default dict)) }}
{{- end }}

{{/*
The labels that pick the server pods: the Deployment's selector, the Service's, the PDB's
and the NetworkPolicy's. Never change them on an installed release: a Deployment's
selector is immutable.
*/}}
{{- define "sixteen.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sixteen.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The labels of the helm test pod: not the server's selector labels, so that the Service
never sends a connection to it.
*/}}
{{- define "sixteen.testSelectorLabels" -}}
app.kubernetes.io/name: {{ include "sixteen.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "sixteen.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sixteen.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The server image: repository@digest, or repository:tag with the appVersion as default tag.
*/}}
{{- define "sixteen.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The helm test pod's image: tests.image, or the server's.
*/}}
{{- define "sixteen.testImage" -}}
{{- if .Values.tests.image.repository }}
{{- printf "%s:%s" .Values.tests.image.repository (default .Chart.AppVersion .Values.tests.image.tag) }}
{{- else }}
{{- include "sixteen.image" . }}
{{- end }}
{{- end }}

{{/*
The port clients connect to on the Service.
*/}}
{{- define "sixteen.servicePort" -}}
{{- default .Values.ports.exchange .Values.service.port | int }}
{{- end }}

{{/*
Where the Secret with the TLS key material is mounted, and the SSL bundle's name.
*/}}
{{- define "sixteen.tlsPath" -}}
/etc/sixteen/tls
{{- end }}
{{- define "sixteen.sslBundle" -}}
sixteen
{{- end }}

{{/*
The application.yml the server reads from /config/ (spring.config.additional-location):
the logging values, extraConfig over them, then config under sixteen.server (with the
chart's drain-delay unless config sets one), then what the chart owns (the two ports and the
TLS bundle). Whole numbers are written as integers: YAML
values arrive as floats, and Spring cannot bind 1e+06 to an int.
*/}}
{{- define "sixteen.applicationYaml" -}}
{{- $server := deepCopy (.Values.config | default dict) }}
{{- range $key, $value := $server }}
{{- if and (kindIs "float64" $value) (eq $value (float64 (int64 $value))) }}
{{- $_ := set $server $key (int64 $value) }}
{{- end }}
{{- end }}
{{- $_ := set $server "port" (int .Values.ports.exchange) }}
{{- if not (hasKey $server "drain-delay") }}
{{- $_ := set $server "drain-delay" (include "sixteen.drainDelay" .) }}
{{- end }}
{{- $owned := dict "server" (dict "port" (int .Values.ports.http)) }}
{{- if .Values.tls.enabled }}
{{- $path := include "sixteen.tlsPath" . }}
{{- $bundle := include "sixteen.sslBundle" . }}
{{- $_ := set $server "ssl" (dict "bundle" $bundle "client-auth" .Values.tls.clientAuth) }}
{{- /* reload-on-update: a renewed Secret reaches new connections without a restart */}}
{{- $pem := dict "reload-on-update" true "keystore" (dict "certificate" (printf "%s/tls.crt" $path) "private-key" (printf "%s/tls.key" $path)) }}
{{- if and .Values.tls.caCertificate (ne .Values.tls.clientAuth "none") }}
{{- $_ := set $pem "truststore" (dict "certificate" (printf "%s/ca.crt" $path)) }}
{{- end }}
{{- $_ := set $owned "spring" (dict "ssl" (dict "bundle" (dict "pem" (dict $bundle $pem)))) }}
{{- end }}
{{- $_ := set $owned "sixteen" (dict "server" $server) }}
{{- $logging := dict "level" (dict "sixteen.exchanges" (ternary "info" "warn" .Values.logging.exchanges)) }}
{{- if ne .Values.logging.format "plain" }}
{{- $_ := set $logging "structured" (dict "format" (dict "console" .Values.logging.format)) }}
{{- end }}
{{- $yaml := mergeOverwrite (dict "logging" $logging) (deepCopy (.Values.extraConfig | default dict)) $owned }}
{{- toYaml $yaml }}
{{- end }}

{{/*
A Spring duration (whole ms, s or m, or a number of milliseconds) in whole seconds,
rounded up.
*/}}
{{- define "sixteen.durationSeconds" -}}
{{- $d := toString . }}
{{- if hasSuffix "ms" $d }}
{{- div (add (trimSuffix "ms" $d | int64) 999) 1000 }}
{{- else if hasSuffix "s" $d }}
{{- trimSuffix "s" $d | int64 }}
{{- else if hasSuffix "m" $d }}
{{- mul (trimSuffix "m" $d | int64) 60 }}
{{- else }}
{{- div (add ($d | int64) 999) 1000 }}
{{- end }}
{{- end }}

{{/*
How a pod leaves the Service (docs/helm.md, "Shutdown: preStop and drain-delay"). Two waits
keep the listener accepting while whatever routes connections to the pod learns that it is
leaving:
- the preStop sleep, before SIGTERM: the pod is still ready. Only a LoadBalancer Service
  with externalTrafficPolicy Local needs it: the cloud load balancer stops sending to a node
  only after its health checks of kube-proxy's healthCheckNodePort fail (AWS Load Balancer
  Controller: every 10 s, 3 failures; GKE: 8 s x 3), and meanwhile kube-proxy forwards to
  the terminating pod only while its readiness probe passes.
- sixteen.server.drain-delay, after SIGTERM: readiness is down and the listener still
  accepts. It covers kube-proxy learning of the termination (which races SIGTERM) and,
  with externalTrafficPolicy Local, the readiness probe failing before kube-proxy on the
  node stops forwarding to the pod.
*/}}

{{/*
Seconds for a change of the pod's endpoint (terminating, or no longer serving) to reach
kube-proxy on every node, with room for a busy control plane.
*/}}
{{- define "sixteen.endpointPropagationSeconds" -}}
5
{{- end }}

{{/*
Whether outside traffic goes only to pods on the node that receives it: a NodePort or
LoadBalancer Service with externalTrafficPolicy Local.
*/}}
{{- define "sixteen.nodeLocal" -}}
{{- if and (has .Values.service.type (list "NodePort" "LoadBalancer")) (eq .Values.service.externalTrafficPolicy "Local") }}true{{ end }}
{{- end }}

{{/*
Seconds the preStop hook sleeps: shutdown.preStopSleepSeconds, or by the Service: a
LoadBalancer with externalTrafficPolicy Local waits out its load balancer's health checks
(30 s, the AWS Load Balancer Controller's 10 s x 3, longer than GKE's 24) and the
propagation to kube-proxy; everything else needs no hook.
*/}}
{{- define "sixteen.preStopSeconds" -}}
{{- if not (kindIs "invalid" .Values.shutdown.preStopSleepSeconds) }}
{{- .Values.shutdown.preStopSleepSeconds | int64 }}
{{- else if and (eq .Values.service.type "LoadBalancer") (include "sixteen.nodeLocal" .) }}
{{- add 30 (include "sixteen.endpointPropagationSeconds" . | int64) }}
{{- else }}
{{- 0 }}
{{- end }}
{{- end }}

{{/*
How the preStop hook sleeps: Kubernetes' own sleep action (beta and on by default from
1.30, GA in 1.34), which needs nothing in the image, or /bin/sleep run in the container.
*/}}
{{- define "sixteen.preStopHandler" -}}
{{- if ne .Values.shutdown.preStopHandler "auto" }}
{{- .Values.shutdown.preStopHandler }}
{{- else if semverCompare ">=1.30.0-0" .Capabilities.KubeVersion.Version }}
{{- "sleep" }}
{{- else }}
{{- "exec" }}
{{- end }}
{{- end }}

{{/*
sixteen.server.drain-delay: config.drain-delay, or by the Service. With externalTrafficPolicy
Local the readiness probe must fail (periodSeconds x failureThreshold) and reach kube-proxy
before the listener closes, since kube-proxy on the pod's node forwards to it until then;
otherwise kube-proxy's learning of the termination is all there is to wait for.
*/}}
{{- define "sixteen.drainDelay" -}}
{{- $propagation := include "sixteen.endpointPropagationSeconds" . | int64 }}
{{- if hasKey .Values.config "drain-delay" }}
{{- index .Values.config "drain-delay" }}
{{- else if include "sixteen.nodeLocal" . }}
{{- $readiness := .Values.probes.readiness }}
{{- $failing := mul ($readiness.periodSeconds | default 10) ($readiness.failureThreshold | default 3) }}
{{- printf "%ds" (add $failing $propagation) }}
{{- else }}
{{- printf "%ds" $propagation }}
{{- end }}
{{- end }}

{{/*
terminationGracePeriodSeconds: the preStop sleep, the drain-delay, then
sixteen.server.shutdown-timeout for exchanges in flight (20s, the service's default, unless
config sets it), then a margin for the JVM to exit. Kubernetes counts the preStop hook inside
the grace period. An override must leave the JVM its drain-delay after the preStop sleep.
*/}}
{{- define "sixteen.terminationGracePeriodSeconds" -}}
{{- $preStop := include "sixteen.preStopSeconds" . | int64 }}
{{- $delay := include "sixteen.durationSeconds" (include "sixteen.drainDelay" .) | int64 }}
{{- if not (kindIs "invalid" .Values.shutdown.terminationGracePeriodSeconds) }}
{{- $grace := .Values.shutdown.terminationGracePeriodSeconds | int64 }}
{{- if le $grace (add $preStop $delay) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%d) must exceed the preStop sleep (%ds) + drain-delay (%ds), or the pod is killed before it drains" $grace $preStop $delay) }}
{{- end }}
{{- $grace }}
{{- else }}
{{- $timeout := "20s" }}
{{- if hasKey .Values.config "shutdown-timeout" }}
{{- $timeout = index .Values.config "shutdown-timeout" }}
{{- end }}
{{- $drain := include "sixteen.durationSeconds" $timeout | int64 }}
{{- add $preStop $delay $drain .Values.shutdown.marginSeconds }}
{{- end }}
{{- end }}

{{/*
Arguments that make the client match the server's settings: frame length and message,
and TLS.
*/}}
{{- define "sixteen.clientArgs" -}}
{{- $frame := index .Values.config "frame-length" | default 16 | int }}
{{- $request := index .Values.config "request-length" | default $frame | int }}
{{- $reply := index .Values.config "reply-length" | default $frame | int }}
{{- if ne $frame 16 }}
- --sixteen.client.frame-length={{ $frame }}
{{- end }}
{{- if ne $request $frame }}
- --sixteen.client.request-length={{ $request }}
{{- end }}
{{- if ne $reply $frame }}
- --sixteen.client.reply-length={{ $reply }}
{{- end }}
{{- if .Values.tests.message }}
- --sixteen.client.message={{ .Values.tests.message }}
{{- else if ne $request 16 }}
- --sixteen.client.message={{ repeat $request "x" }}
{{- end }}
{{- if .Values.tls.enabled }}
{{- $path := include "sixteen.tlsPath" . }}
- --sixteen.client.ssl.bundle={{ include "sixteen.sslBundle" . }}
{{- if .Values.tls.caCertificate }}
- --spring.ssl.bundle.pem.{{ include "sixteen.sslBundle" . }}.truststore.certificate={{ $path }}/ca.crt
{{- end }}
{{- if eq .Values.tls.clientAuth "need" }}
- --spring.ssl.bundle.pem.{{ include "sixteen.sslBundle" . }}.keystore.certificate={{ $path }}/tls.crt
- --spring.ssl.bundle.pem.{{ include "sixteen.sslBundle" . }}.keystore.private-key={{ $path }}/tls.key
{{- end }}
{{- end }}
{{- end }}

{{/*
The blackbox exporter module the Probe names: metrics.probe.module, or else the chart's
plain or TLS module by tls.enabled.
*/}}
{{- define "sixteen.probeModule" -}}
{{- .Values.metrics.probe.module | default (ternary "sixteen_exchange_tls" "sixteen_exchange" .Values.tls.enabled) }}
{{- end }}

{{/*
The job label of the Probe's series (probe_success...), which SixteenProbeFailing selects.
*/}}
{{- define "sixteen.probeJob" -}}
{{- include "sixteen.fullname" . }}-probe
{{- end }}
