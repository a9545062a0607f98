# The app image: .NET 10 runtime + Debian's ffmpeg. Build: docker build -t multimodalannotate .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MultimodalAnnotate.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Media__Root=/data/media
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "MultimodalAnnotate.Web.dll"]
