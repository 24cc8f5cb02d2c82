{{- define "orbit-operator.labels" -}}
app.kubernetes.io/name: orbit-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "orbit-operator.selectorLabels" -}}
app.kubernetes.io/name: orbit-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
