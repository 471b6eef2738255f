# Runtime image of baseline-runner: a static-stdlib Swift binary on Debian slim with libpq5, libcurl4 (and
# the libssl3 they bring, which also gives the survey tokens' HMAC), CA certificates and tzdata. Jobs/ and
# Templates/ are baked in as defaults; Kubernetes mounts its ConfigMaps over them (see k8s/).
ARG SWIFT_IMAGE=swift:6.1-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libcurl4-openssl-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --static-swift-stdlib --product baseline-runner \
    && install -D .build/release/baseline-runner /out/baseline-runner

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libcurl4 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin runner
COPY --from=build /out/baseline-runner /usr/local/bin/baseline-runner
COPY Jobs /app/Jobs
COPY Templates /app/Templates
WORKDIR /app
USER 10001
ENV LOG_FORMAT=json JOBS_DIR=/app/Jobs TEMPLATES_DIR=/app/Templates OUTBOX_DIR=/var/lib/baseline-runner/outbox
EXPOSE 9464
ENTRYPOINT ["baseline-runner"]
CMD ["serve"]
