# Godwit: build with Maven, run on a JRE 17 as a non-root user.
#   docker build -t godwit .
#   docker run --rm -v $PWD/migration.yaml:/etc/godwit/migration.yaml godwit run -c /etc/godwit/migration.yaml
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package \
 && mkdir /out && cp target/godwit-*.jar /out/godwit.jar && cp -r target/lib /out/lib

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/godwit --create-home godwit
COPY --from=build /out/ /opt/godwit/
USER 10001
WORKDIR /var/lib/godwit
ENV GODWIT_JAVA_OPTS="-Xmx1g"
EXPOSE 7878
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7878"]
ENTRYPOINT ["sh", "-c", "exec java $GODWIT_JAVA_OPTS -jar /opt/godwit/godwit.jar \"$@\"", "godwit"]
CMD ["--help"]
