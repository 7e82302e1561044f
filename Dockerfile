# One image for every service; docker-compose.yml picks the service with the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=production
USER node
CMD ["node", "--max-old-space-size=512", "--import", "tsx", "gateway/index.ts"]
