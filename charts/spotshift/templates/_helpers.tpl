{{- define "spotshift.image" -}}
{{ .root.Values.image.registry }}{{ .root.Values.image.repository }}/{{ .name }}:{{ .root.Values.image.tag }}
{{- end -}}

{{- define "spotshift.roleArn" -}}
{{- if .Values.aws.roleArn -}}
{{ .Values.aws.roleArn }}
{{- else -}}
arn:aws:iam::{{ .Values.aws.accountId }}:role/{{ .Values.aws.roleName }}
{{- end -}}
{{- end -}}

{{- define "spotshift.noticeQueueUrl" -}}
{{- if .Values.aws.noticeQueueUrl -}}
{{ .Values.aws.noticeQueueUrl }}
{{- else -}}
https://sqs.{{ .Values.aws.region }}.amazonaws.com/{{ .Values.aws.accountId }}/spotshift-interruptions
{{- end -}}
{{- end -}}

{{- define "spotshift.secretName" -}}
{{ default "spotshift-secrets" .Values.credentials.existingSecret }}
{{- end -}}
