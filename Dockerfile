# syntax=docker/dockerfile:1
# One image definition for every app. The app is chosen at build time with --build-arg APP=<app>
# (gateway, book, payment, mypage, ticket, notification); every image holds the whole dist/, so
# `-e APP=<app>` at run time also works. See the README's operations section.
ARG NODE_IMAGE=node:22-bookworm-slim

# Compiles TypeScript with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# better-sqlite3 builds from source when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
RUN npm run build

# Production dependencies only, installed where the compiler is, so the runtime stage needs none.
FROM build AS production-dependencies
WORKDIR /deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ENV APP=${APP} \
    NODE_ENV=production \
    MESSAGING_TRANSPORT=kafka \
    GATEWAY_HOST=0.0.0.0 \
    BOOK_HOST=0.0.0.0 \
    PAYMENT_HOST=0.0.0.0 \
    MYPAGE_HOST=0.0.0.0 \
    TICKET_HOST=0.0.0.0 \
    NOTIFICATION_HOST=0.0.0.0
WORKDIR /app
COPY --from=production-dependencies --chown=node:node /deps/node_modules ./node_modules
COPY --from=build --chown=node:node /src/package.json ./package.json
COPY --from=build --chown=node:node /src/dist ./dist
# SQLite stores (ticket's, or any app given sqlite:data/...) live here; mount a volume over it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8081 8082 8083 8084 8085 8088
# Asks the app's own /health/live on its own <APP>_PORT (or the app's default port).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={gateway:8088,book:8081,payment:8082,mypage:8083,ticket:8084,notification:8085};const a=process.env.APP;const p=process.env[a.toUpperCase()+'_PORT']||d[a];fetch('http://127.0.0.1:'+p+'/health/live',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node is PID 1 and receives SIGTERM itself, so the app's graceful shutdown runs.
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
