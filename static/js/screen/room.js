// What the screen does for the room itself, whoever drives it: the large
// join panel (J), sound for the timer's end (S), the dark projector theme
// (D), and the timer's last seconds seen from the back of the room.
import { setText, show, t } from "../dom.js";

const store = {
  get(key) {
    try {
      return localStorage.getItem(`atelier.screen.${key}`);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(`atelier.screen.${key}`, value);
    } catch {
      /* private mode: remembered for this page only */
    }
  },
};

// ---- the dark projector theme --------------------------------------------

export function applyTheme() {
  document.body.classList.toggle("theme-dark", store.get("theme") === "dark");
}

export function toggleTheme() {
  store.set("theme", store.get("theme") === "dark" ? "light" : "dark");
  applyTheme();
}

// ---- sound ------------------------------------------------------------------

let audio = null;
let soundOn = false;
let soundIndicator = null;

function paintSound() {
  if (!soundIndicator) return;
  soundIndicator.dataset.sound = soundOn ? "on" : "off";
  setText(soundIndicator.querySelector(".sound-mark"), soundOn ? "🔊" : "🔇");
  setText(soundIndicator.querySelector(".sound-word"), soundOn ? t("sound_on", "Sound on") : t("sound_off", "Sound off"));
}

export function startSound(indicator) {
  soundIndicator = indicator;
  soundOn = store.get("sound") === "on";
  paintSound();
  // Browsers start audio only after a key or a click: wake it on the first one.
  const wake = () => soundOn && context();
  document.addEventListener("keydown", wake);
  document.addEventListener("pointerdown", wake);
}

function context() {
  const Audio = window.AudioContext || window.webkitAudioContext;
  if (!Audio) return null;
  if (!audio) audio = new Audio();
  if (audio.state === "suspended") audio.resume().catch(() => {});
  return audio;
}

export function toggleSound() {
  soundOn = !soundOn;
  store.set("sound", soundOn ? "on" : "off");
  paintSound();
  if (soundOn) beep(660, 0.12);
  return soundOn;
}

/** A short tone: no audio files, nothing to load. */
function beep(frequency, seconds, at = 0, volume = 0.25) {
  const ctx = soundOn && context();
  if (!ctx) return;
  const start = ctx.currentTime + at;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sine";
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(volume, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + seconds + 0.05);
}

// ---- the timer's last seconds ------------------------------------------------

let lastSecond = null;
let sawRunning = false;

/**
 * After renderTimer: the last 10 seconds grow big, in a filled shape
 * (not colour alone), with a tick a second; the end rings three tones.
 */
export function finalSeconds(timerEl, workshop, now) {
  const timer = workshop && workshop.timer;
  const left = timer ? Date.parse(timer.ends_at) - now : null;
  const final = left !== null && left > 0 && left <= 10000;
  const over = left !== null && left <= 0;
  timerEl.classList.toggle("is-final", final);
  document.body.classList.toggle("timer-final", final || over);
  if (left === null) {
    sawRunning = false;
    lastSecond = null;
    return;
  }
  if (left > 0) sawRunning = true;
  const second = Math.ceil(left / 1000);
  if (second === lastSecond) return;
  lastSecond = second;
  if (final) beep(880, 0.09);
  else if (over && sawRunning) {
    sawRunning = false;
    beep(660, 0.35, 0, 0.3);
    beep(520, 0.35, 0.4, 0.3);
    beep(880, 0.7, 0.8, 0.3);
  }
}

// ---- the large join panel ----------------------------------------------------

export function toggleJoinPanel(panel, open = panel.hidden) {
  show(panel, open);
  document.body.classList.toggle("join-open", open);
  return open;
}
