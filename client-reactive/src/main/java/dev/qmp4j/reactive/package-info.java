/**
 * The Reactor API of qmp4j: {@link dev.qmp4j.reactive.ReactiveQmpClient} opens
 * {@link dev.qmp4j.reactive.ReactiveQmpSession}s, by connecting or through a
 * {@link dev.qmp4j.reactive.ReactiveQmpListener}. A thin layer over the asynchronous core
 * ({@link dev.qmp4j.core.QmpClient}, {@link dev.qmp4j.core.QmpSession},
 * {@link dev.qmp4j.core.QmpListener}) with the same method names, only other return types:
 * commands are cold {@code Mono}s, events a hot {@code Flux} whose only buffer is the
 * core's bounded {@link dev.qmp4j.core.EventSubscription}. Nothing here blocks except
 * {@code close()}.
 */
package dev.qmp4j.reactive;
