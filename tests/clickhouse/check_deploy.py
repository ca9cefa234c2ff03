#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#
# Checks deploy/ as far as a machine without Docker can: docker-compose.yml and every provisioning
# file parse; every file the compose file mounts exists; the schema it applies is the library's
# sql/clickhouse files (which tst_clickhouse_integration and tst_dashboards apply) plus deploy's
# own, and tst_dashboards applies the same deploy files; every image is pinned to a version; every
# credential comes from .env (compose ${VAR:?}, no literal password in compose, collector,
# data source or dashboards); the data source uid is the one the dashboards use; every panel has
# one SQL target and its title is checked in tst_dashboards.cpp.
# Usage: check_deploy.py SOURCE_DIR. Exit 0 = fine, 1 = a problem (printed), 77 = PyYAML missing.
import json
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml (PyYAML) is not installed; scripts/install-deps.sh installs it")
    sys.exit(77)

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
deploy = os.path.join(root, "deploy")
problems = []


def problem(text):
    problems.append(text)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


compose_path = os.path.join(deploy, "docker-compose.yml")
compose = load_yaml(compose_path)
services = compose.get("services", {})
for name in ("clickhouse", "otel-collector", "grafana"):
    if name not in services:
        problem(f"docker-compose.yml: no service {name}")

# Images: a registry path and an exact version (digits and dots), never latest or a bare major.
for name, service in services.items():
    image = service.get("image", "")
    m = re.fullmatch(r"[\w./-]+:(\d+(\.\d+){1,3})", image)
    if not m or m.group(1).count(".") < 2:
        problem(f"{name}: image {image!r} is not pinned to an exact version")

# Mounts: every bind mount's source exists (relative to deploy/); remember the init scripts.
init_scripts = {}
for name, service in services.items():
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[0], volume.split(":")[1]
        if not source.startswith((".", "/")):
            if source not in compose.get("volumes", {}):
                problem(f"{name}: named volume {source} is not declared")
            continue
        path = os.path.normpath(os.path.join(deploy, source))
        if not os.path.exists(path):
            problem(f"{name}: mounts {source}, which does not exist")
            continue
        if target.startswith("/docker-entrypoint-initdb.d/"):
            init_scripts[os.path.basename(target)] = path
        if name == "grafana" and target.startswith("/etc/grafana/provisioning/"):
            load_yaml(path)  # parses
        if name == "otel-collector" and target.endswith("config.yaml"):
            collector = load_yaml(path)
            ch = collector["exporters"]["clickhouse"]
            if ch.get("create_schema", True) is not False:
                problem("collector: create_schema must be false (the schema is deploy/clickhouse's)")
            if ch.get("password") != "${env:CLICKHOUSE_WRITER_PASSWORD}":
                problem("collector: the ClickHouse password must come from the environment")
            if ch.get("database") != "otel":
                problem("collector: the exporter must write to the otel landing tables")
            for signal in ("traces", "metrics", "logs"):
                pipeline = collector["service"]["pipelines"].get(signal, {})
                if "clickhouse" not in pipeline.get("exporters", []) or "otlp" not in pipeline.get("receivers", []):
                    problem(f"collector: the {signal} pipeline does not go from otlp to clickhouse")

# The schema: the library's files byte for byte (the same paths), then deploy's, in name order.
sql_dir = os.path.join(root, "sql", "clickhouse")
expected = {f: os.path.join(sql_dir, f) for f in sorted(os.listdir(sql_dir)) if re.fullmatch(r"0\d\d_.*\.sql", f)}
deploy_sql = os.path.join(deploy, "clickhouse")
expected.update({f: os.path.join(deploy_sql, f) for f in sorted(os.listdir(deploy_sql)) if re.fullmatch(r"0\d\d_.*\.(sql|sh)", f)})
if init_scripts != expected:
    problem(f"clickhouse init scripts {sorted(init_scripts.items())} are not {sorted(expected.items())}")
test_source = open(os.path.join(root, "tests", "clickhouse", "tst_dashboards.cpp"), encoding="utf-8").read()
cmake = open(os.path.join(root, "tests", "clickhouse", "CMakeLists.txt"), encoding="utf-8").read()
if 'AUTOMAGIK_DEPLOY_SQL_DIR="${PROJECT_SOURCE_DIR}/deploy/clickhouse"' not in cmake or \
        'AUTOMAGIK_CH_SQL_DIR="${PROJECT_SOURCE_DIR}/sql/clickhouse"' not in cmake:
    problem("tst_dashboards does not apply sql/clickhouse and deploy/clickhouse")

# Credentials: from .env, required (no fallback); nothing that looks like a password written down.
env_example = open(os.path.join(deploy, ".env.example"), encoding="utf-8").read()
for name, service in services.items():
    for key, value in (service.get("environment") or {}).items():
        value = str(value)
        if "PASSWORD" in key:
            m = re.fullmatch(r"\$\{(\w+):\?[^}]*\}", value)
            if not m:
                problem(f"{name}: {key} is not a required variable from .env: {value!r}")
            elif not re.search(rf"^{m.group(1)}=$", env_example, re.M):
                problem(f".env.example: {m.group(1)} must be listed, empty")
datasource = load_yaml(os.path.join(deploy, "grafana", "provisioning", "datasources", "clickhouse.yaml"))["datasources"][0]
if datasource["secureJsonData"]["password"] != "${CLICKHOUSE_GRAFANA_PASSWORD}":
    problem("data source: the password must be ${CLICKHOUSE_GRAFANA_PASSWORD}")
for key in ("host", "port", "protocol", "username", "defaultDatabase"):  # plugin v4 keys
    if key not in datasource["jsonData"]:
        problem(f"data source: jsonData.{key} missing")
if "password" in datasource["jsonData"]:
    problem("data source: a password in jsonData (it belongs in secureJsonData)")

# Dashboards: parse, use the provisioned data source, one SQL target per panel, every title tested.
dash_dir = os.path.join(deploy, "grafana", "dashboards")
titles = []
for file in sorted(os.listdir(dash_dir)):
    text = open(os.path.join(dash_dir, file), encoding="utf-8").read()
    if re.search(r"(?i)password|secret", text):
        problem(f"{file}: mentions a password or secret")
    dashboard = json.loads(text)
    for panel in dashboard["panels"]:
        targets = panel.get("targets", [])
        if len(targets) != 1 or not targets[0].get("rawSql") or targets[0].get("editorType") != "sql":
            problem(f"{file}: panel {panel.get('title')!r} needs exactly one SQL target")
        for ds in [panel.get("datasource")] + [t.get("datasource") for t in targets]:
            if ds != {"type": "grafana-clickhouse-datasource", "uid": datasource["uid"]}:
                problem(f"{file}: panel {panel.get('title')!r} does not use the provisioned data source")
        titles.append(panel["title"])
        if f'QStringLiteral("{panel["title"]}")' not in test_source:
            problem(f"{file}: panel {panel['title']!r} is not checked in tst_dashboards.cpp")
if len(titles) != len(set(titles)):
    problem("two panels have the same title (tst_dashboards finds panels by title)")

for p in problems:
    print("FAIL:", p)
print(f"deploy check: {len(services)} services, {len(init_scripts)} init scripts, {len(titles)} panels, "
      f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
