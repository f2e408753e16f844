{{- define "fai-lib.servicemonitor" -}}
{{- if .Values.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "fai-lib.fullname" . }}
  labels:
    {{- include "fai-lib.labels" . | nindent 4 }}
    {{- with .Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "fai-lib.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ .Values.serviceMonitor.interval }}
{{- end }}
{{- end -}}

{{/* The alert rules of the whole system; the umbrella chart passes ops/prometheus/rules.yaml as `rules`. */}}
{{- define "fai-lib.prometheusrule" -}}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ .name }}
  labels:
    app.kubernetes.io/part-of: fai
    app.kubernetes.io/managed-by: {{ .root.Release.Service }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- .rules | nindent 2 }}
{{- end -}}

{{/* Everything one service chart installs, as one multi-document stream. */}}
{{- define "fai-lib.service-resources" -}}
{{ include "fai-lib.configmap" . }}
---
{{ include "fai-lib.deployment" . }}
---
{{ include "fai-lib.service" . }}
---
{{ include "fai-lib.serviceaccount" . }}
---
{{ include "fai-lib.hpa" . }}
---
{{ include "fai-lib.pdb" . }}
---
{{ include "fai-lib.networkpolicy" . }}
---
{{ include "fai-lib.servicemonitor" . }}
{{- end -}}
