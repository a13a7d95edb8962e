/**
 * The start-up warm-up of the ElevenLabs clients: a stand-in for the vendor's API on loopback
 * ({@link io.sayline.core.tts.elevenlabs.warmup.LoopbackVendor}) and a driver
 * ({@link io.sayline.core.tts.elevenlabs.warmup.VendorWarmUp}) that runs the configured vendors' real clients
 * against it before SIP is bound, so that most of the code every vendor chunk runs through is compiled before
 * calls arrive (docs/performance.md, "No lock on the loops, the vendor clients warmed").
 */
package io.sayline.core.tts.elevenlabs.warmup;
