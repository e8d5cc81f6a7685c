package dev.opsflow.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Opsflow server (REST API, engine, scheduler). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpsflowServer {
    /** @param args Spring Boot arguments, e.g. {@code --server.port=8080 --opsflow.data-dir=./data} */
    public static void main(String[] args) {
        SpringApplication.run(OpsflowServer.class, args);
    }
}
