# provisio in a container: build with the SDK, run on the ASP.NET Core runtime as a non-root user.
#   docker build -t provisio .
#   docker run -d -p 8080:8080 -v provisio-data:/data --name provisio provisio
#   docker logs provisio    # the first start prints the default tenant's SCIM token, once
# See docs/operations.md for the settings (environment variables Provisio__…) and PostgreSQL.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/Provisio.Server/Provisio.Server.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the health check only; the runtime image has neither curl nor wget.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir /data \
    && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app .
# Listen on every interface inside the container (appsettings.json says 127.0.0.1, right for a bare host), keep the
# SQLite database on the volume, and run as the image's unprivileged "app" user.
ENV Urls=http://+:8080 \
    Provisio__Storage__DataDirectory=/data
VOLUME /data
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "provisio.dll"]
