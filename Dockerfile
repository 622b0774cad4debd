# One image for the three services and the console; SERVICE picks which one the default command starts.
# Node 24 LTS: the release that package.json's config.nodeVersion pins and CI tests.
FROM node:24.22.3-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# patches/ fixes a kafkajs bug that the last kafkajs release still has; postinstall applies it.
COPY patches ./patches
RUN npm ci

FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build

FROM node:24.22.3-bookworm-slim AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
ENV NODE_ENV=production \
    SERVICE=ingestion
USER node
EXPOSE 3000 3001 3002 3003
# exec: node becomes PID 1 and receives SIGTERM itself, so the service drains on stop.
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
