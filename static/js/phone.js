// The participant's phone (templates/phone.html). Its parts live in ./phone/:
// main.js connects and redraws; composer.js, ideas.js, vote.js and review.js
// draw each step.
import "./phone/main.js";
