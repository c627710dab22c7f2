# syntax=docker/dockerfile:1
# Build: compile TypeScript with every dependency.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY test/bench ./test/bench
# The benchmark compiles with the rest (its imports are checked) but needs dev dependencies: not shipped.
RUN npm run build && rm -rf dist/test

# Production dependencies only.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Runtime: non-root, compiled code and production dependencies; migrations run at start. The code belongs to
# root and is only read by the process; DATA_DIR (mail files without SMTP_URL, or an embedded database without
# DATABASE_URL: give it a volume) is the one place it writes.
FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/.data
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /app/.data && chown node:node /app/.data && chmod 700 /app/.data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
VOLUME /app/.data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
# Pending migrations are applied by the app itself at start-up, one process at a time.
CMD ["node", "dist/src/main.js"]
