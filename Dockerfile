# Image for the GraphQL API and its seed job. Neo4j is NOT bundled: run it as its own container
# (see docker-compose.yml) and point the service at it with NEO4J_URI. Without NEO4J_URI the
# service would try to start an embedded Neo4j, which needs a JVM that this image does not have.
#
# Two stages: the build stage installs every dependency and runs `npm run build` (tsc into dist/
# and the browser bundles); the runtime stage installs production dependencies only (no
# TypeScript, tsx or esbuild) and runs the compiled JavaScript.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src/ ./src/
COPY graph/ ./graph/
COPY seeds/ ./seeds/
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
# Dependencies first, so this layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force
COPY --from=build /app/dist/ ./dist/
COPY graph/ ./graph/
COPY seeds/ ./seeds/

ENV PORT=4000
# The service only reads; the seed job (`node dist/seed/cli.js`, the compose file's "seed"
# service) loads the graph.
ENV SEED_ON_START=false

# Files stay root-owned (read-only for the service); the process runs unprivileged.
USER node

EXPOSE 4000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node as the direct child of the init process, so that SIGTERM reaches the service.
CMD ["node", "dist/main.js"]
