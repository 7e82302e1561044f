# One image for every service; docker-compose.yml picks the service with the command.
# Production runs the compiled runtime (npm run build → dist/) with plain node: no tsx, no embedded PostgreSQL, no
# other development dependency in the image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# Read at runtime: the SDL, supergraph, contracts and trusted operations; the IDE's browser sources, which the gateway
# bundles with esbuild (a runtime dependency) when a browser first asks for them.
COPY schema ./schema
COPY gateway/ide/client ./gateway/ide/client
ENV NODE_ENV=production
USER node
CMD ["node", "--max-old-space-size=512", "dist/gateway/index.js"]
