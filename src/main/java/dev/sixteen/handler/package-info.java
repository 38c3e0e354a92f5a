/**
 * The seam for an application's own protocol: the reply to each request comes from an
 * {@link dev.sixteen.handler.ExchangeHandler} bean, or from a Spring Integration flow on
 * the channel {@value dev.sixteen.handler.ExchangeHandler#REQUEST_CHANNEL}.
 */
@NullMarked
package dev.sixteen.handler;

import org.jspecify.annotations.NullMarked;
