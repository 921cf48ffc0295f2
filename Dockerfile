# One image for every app of the card sandbox. The default command runs the all-in-one sandbox;
# docker-compose.yml runs the same image as the issuer and the authorizer by overriding `command`.
#
#   docker build -t card-sandbox .
#   docker run --rm -p 127.0.0.1:4000:4000 -v card-sandbox-data:/data card-sandbox    # embedded PGlite
#   docker run --rm -e DATABASE_URL=postgres://... -e SANDBOX_SECRET=<64 hex> \
#     card-sandbox node dist/apps/issuer/src/main.js                                  # one app, PostgreSQL
ARG NODE_IMAGE=node:20-bookworm-slim

# --- builder: the full dependency tree (swc is a devDependency) compiles apps/ and libs/ into dist/
FROM ${NODE_IMAGE} AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
RUN npm run build

# --- runtime: production dependencies and dist/ only. package.json stays beside dist/ because its
# "imports" map #domain, #persistence, #platform, #lithic-wire and #privacy-wire to ./dist/libs/... at run time.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=builder /app/dist ./dist
# The dashboard is served as written (plain ES modules, no build); preact and htm come from node_modules.
COPY apps/dashboard ./apps/dashboard
# /docs shows the response bodies of Lithic's spec for the routes Lithic has.
COPY spec ./spec
# The code stays owned by root (read-only to the app); only the embedded database's directory is
# writable. Mount a volume on /data to keep the embedded sandbox's state; with DATABASE_URL it is unused.
RUN mkdir -p /data && chown node:node /data
ENV HOST=0.0.0.0 \
    PORT=4000 \
    SANDBOX_DATA_DIR=/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/v1/status', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Select the app by overriding the command: node dist/apps/{sandbox,issuer,authorizer}/src/main.js
CMD ["node", "dist/apps/sandbox/src/main.js"]
