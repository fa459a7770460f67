# syntax=docker/dockerfile:1
# One image for all six services. The chart (helm/) runs `tereze serve <service>` in each Deployment and
# `tereze migrate <service>` in its migration Job.
#
#   docker build -t tereze:0.1.0 .
#   docker run --rm -e DATABASE_URL=sqlite:////tmp/gw.db -e GATEWAY_SECRET_KEY=dev -p 8080:8080 tereze:0.1.0
#
# Pin PYTHON_IMAGE to a digest in CI for reproducible builds (python:3.11-slim-bookworm@sha256:...).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: install the project and its dependencies into a self-contained virtualenv ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
# Every dependency ships manylinux wheels for CPython 3.11 (grpcio, psycopg[binary], SQLAlchemy, PyYAML...), so no
# compiler is needed. Should one ever lack a wheel, install build tools here: this stage is thrown away.
RUN python -m venv /opt/tereze
ENV PATH=/opt/tereze/bin:$PATH
WORKDIR /src
# The build context is an allowlist (.dockerignore): pyproject.toml, README.md and services/ only.
COPY pyproject.toml README.md ./
COPY services/ services/
RUN pip install . \
 && python -m compileall -q /opt/tereze \
 && tereze --help > /dev/null

# ---- runtime: the interpreter, the virtualenv, an unprivileged user; no compiler, no sources, no pip cache ----
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="Bir Tereze" \
      org.opencontainers.image.description="The six services of the Bir Tereze single-window system: tereze serve <service>" \
      org.opencontainers.image.version="0.1.0"
RUN groupadd --system --gid 10001 tereze \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tereze
COPY --from=build /opt/tereze /opt/tereze
# Pods run with a read-only root filesystem and an emptyDir at /tmp: nothing may need to write elsewhere.
ENV PATH=/opt/tereze/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    LISTEN_HOST=0.0.0.0
WORKDIR /tmp
# Numeric, so Kubernetes can check runAsNonRoot; the chart's podSecurityContext uses the same ids.
USER 10001:10001
# gateway (HTTP) and the gRPC services (the chart gives every gRPC service 50051).
EXPOSE 8080 50051
ENTRYPOINT ["tereze"]
CMD ["serve", "gateway"]
