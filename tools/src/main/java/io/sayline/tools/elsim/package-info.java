/**
 * A local ElevenLabs TTS simulator for Sayline's tests and benchmarks (spec: docs/elevenlabs.md).
 *
 * <p>Entry points: {@link io.sayline.tools.elsim.ElevenLabsSimulator} (Java builder, and the {@code el-sim}
 * command of sayline-tools.jar), {@link io.sayline.tools.elsim.SimKnobs} (latency and fault knobs, changeable
 * at run time, also through {@code POST /sim/knobs}) and {@link io.sayline.tools.elsim.RecordedRequest}
 * (what was received, also through {@code GET /sim/requests}).
 *
 * <p>Inside: {@code SimHttpHandler} routes HTTP, {@code WsUpgrade}/{@code WsSession}/{@code WsContext} run the
 * WebSockets, {@code ChunkPacer} times every stream's chunks, {@code AudioRenderer} turns text into the
 * requested output format from a {@code SpeechSource} (FreeTTS kevin16 or test signals).
 *
 * <p>Threading: each connection lives on one of the simulator's two Netty event loops; synthesis and MP3
 * encoding run on the bounded "el-sim-synth" pool and hand results back through CompletableFutures that the
 * pacer picks up on the connection's loop.
 */
package io.sayline.tools.elsim;
