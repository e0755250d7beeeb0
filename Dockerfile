# City Science Diplomacy Atlas: one app replica (Streamlit on port 8501).
#   docker build -t atlas .
#   docker run -p 8501:8501 atlas
#   docker run -p 8501:8501 -v /srv/atlas-data:/data:ro -e ATLAS_DATA_DIR=/data atlas
# Several replicas behind a load balancer need sticky sessions: see docs/DEPLOY.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # free a closed tab's session (and its memory) after 30 s instead of Streamlit's 120 s;
    # the proxy's stickiness keeps a reconnecting tab on the same replica within that time
    STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL=30
# glibc's arenas and mmap threshold are set by scripts/serve.py itself (ui/memory.py,
# docs/DEPLOY.md "Memory"), as for every other way of starting the Atlas

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. Every pin is in the file;
# all have manylinux wheels (pyogrio and shapely bundle GDAL and GEOS), so no compiler.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# A non-root user owns nothing but its home: the app only reads /app.
RUN useradd --create-home --uid 10001 atlas

# The app: app.py (the entry point: st.navigation over pages/, and it runs first even when a
# deep link such as /map?city=... opens a fresh server), the packages atlas/, components/,
# ui/, the curated data/ (with data/geo outlines for offline maps) and the theme in
# .streamlit/config.toml. .dockerignore leaves out tests, caches, the venv and git.
COPY . .

USER atlas
EXPOSE 8501

# /_stcore/health answers 503 while scripts/serve.py loads, validates and warms the data, and
# 200 "ok" once a visitor's page can be drawn at once (ui/warmup.py; a broken data package
# counts as ready, so its validation report is shown). python -c: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

# scripts/serve.py: `streamlit run app.py` that loads, validates and derives the data when the
# server starts instead of in the first visitor's page view (docs/DEPLOY.md, "Start-up")
CMD ["python", "scripts/serve.py", \
     "--server.address=0.0.0.0", \
     "--server.port=8501", \
     "--server.headless=true", \
     "--browser.gatherUsageStats=false"]
