package dev.sixteen.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The server application: the TCP listener, the actuator and the metrics.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ServerApplication {

}
