package dev.sixteen.client;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The client application: one outbound gateway, no web server and no listener.
 */
// the server's auto-configuration, which an application that depends on sixteen gets,
// has no place in the client
@SpringBootApplication(proxyBeanMethods = false, excludeName = "dev.sixteen.server.ServerConfiguration")
public class ClientApplication {

}
