# Image for the GraphQL API. Neo4j is NOT bundled: run it as its own container
# (see docker-compose.yml) and point the service at it with NEO4J_URI. Without
# NEO4J_URI the service would try to start an embedded Neo4j, which needs a JVM
# that this image does not have.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so this layer is reused while only sources change.
# tsx is a runtime dependency, so the production install is enough to run
# the TypeScript sources directly.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force

COPY tsconfig.json ./
COPY src/ ./src/
COPY graph/ ./graph/
COPY seeds/ ./seeds/

ENV PORT=4000

# Files stay root-owned (read-only for the service); the process runs unprivileged.
USER node

EXPOSE 4000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Same as `npm start` (tsx src/main.ts), but with node as the direct child of
# the init process so SIGTERM reaches the service without npm in between.
CMD ["node", "--import", "tsx", "src/main.ts"]
