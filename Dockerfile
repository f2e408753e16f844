# syntax=docker/dockerfile:1
# One image per FAI service, from the same `npm run build` the tests use:
#   docker build --build-arg SERVICE=scheduler --build-arg HTTP_PORT=3101 -t ghcr.io/fai/scheduler:0.1.0 .
# SERVICE / HTTP_PORT: scheduler 3101, ingest 3102, extraction 3103, validation 3104, reporting 3105,
# approval 3106, gateway 3000; the event-metrics exporter: SERVICE=event-metrics HTTP_PORT=3107
# MAIN=ops/dist/event-metrics-main.js. Every image holds the whole built workspace, so the k8s Jobs run the
# event-store migrations and the stream provisioning from any of them.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
  && npm run build \
  && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ARG SERVICE
ARG HTTP_PORT
ARG MAIN=services/${SERVICE}/dist/main.js
RUN test -n "$SERVICE" && test -n "$HTTP_PORT" || (echo "--build-arg SERVICE=<service> and HTTP_PORT=<port> are required" && exit 1)
ENV NODE_ENV=production \
    FAI_SERVICE_NAME=${SERVICE} \
    FAI_HTTP_PORT=${HTTP_PORT}
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The service's entry point under a fixed name, so the command is the same for every image.
RUN test -f "${MAIN}" && ln -s "${MAIN}" main.js
# Numeric, so Kubernetes can verify runAsNonRoot; the code stays owned by root and read-only.
USER 10001:10001
EXPOSE ${HTTP_PORT}
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.FAI_HTTP_PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM goes straight to node: the service drains consumers and requests, then exits.
CMD ["node", "main.js"]
