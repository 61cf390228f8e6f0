# gearwatch: the bot, its scheduler and sender in one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
COPY alerts alerts
COPY bot bot
COPY db db
RUN pip install --no-cache-dir -c constraints.txt . \
    && useradd --system --home /app gearwatch
COPY feeds.toml ./

USER gearwatch
ENTRYPOINT ["gearwatch"]
CMD ["run"]
