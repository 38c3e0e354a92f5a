package dev.sixteen.client;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The client application: one outbound gateway, no web server and no listener.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ClientApplication {

}
