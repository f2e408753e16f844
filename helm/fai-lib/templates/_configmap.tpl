{{/* Non-secret settings; the Deployment carries their checksum so a change rolls the pods. */}}
{{- define "fai-lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "fai-lib.fullname" . }}
  labels:
    {{- include "fai-lib.labels" . | nindent 4 }}
data:
  FAI_ENV: {{ .Values.global.environment | quote }}
  FAI_HTTP_PORT: {{ .Values.containerPort | quote }}
  {{- if .Values.artefactStore.enabled }}
  FAI_ARTEFACT_DIR: {{ .Values.artefactStore.mountPath | quote }}
  {{- end }}
  {{- range $name, $value := .Values.env }}
  {{ $name }}: {{ $value | quote }}
  {{- end }}
{{- end -}}
