{{/*
Ingress: Prometheus and the FAI components named in ingressFromComponents, on the HTTP port.
Egress: DNS, PostgreSQL (when it has peers), NATS, and the components named in egressToComponents. Nothing else.
*/}}
{{- define "fai-lib.networkpolicy" -}}
{{- if .Values.networkPolicy.enabled }}
{{- $root := . }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "fai-lib.fullname" . }}
  labels:
    {{- include "fai-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "fai-lib.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        {{- toYaml .Values.networkPolicy.metricsFrom | nindent 8 }}
        {{- range .Values.networkPolicy.ingressFromComponents }}
        {{- include "fai-lib.componentPeer" (dict "root" $root "component" .) | nindent 8 }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
    {{- with .Values.networkPolicy.extraIngress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- /* An empty `to` would allow every destination: no peers means no PostgreSQL rule at all. */}}
    {{- if .Values.networkPolicy.postgres.peers }}
    - to:
        {{- toYaml .Values.networkPolicy.postgres.peers | nindent 8 }}
      ports:
        - port: {{ .Values.networkPolicy.postgres.port }}
          protocol: TCP
    {{- end }}
    - to:
        {{- toYaml .Values.networkPolicy.nats.peers | nindent 8 }}
      ports:
        - port: {{ .Values.networkPolicy.nats.port }}
          protocol: TCP
    {{- range .Values.networkPolicy.egressToComponents }}
    - to:
        {{- include "fai-lib.componentPeer" (dict "root" $root "component" .component) | nindent 8 }}
      ports:
        - port: {{ .port }}
          protocol: TCP
    {{- end }}
    {{- with .Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end -}}
