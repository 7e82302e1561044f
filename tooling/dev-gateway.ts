import { runGateway } from '../gateway/run';
import { demoSignInChoices } from './demo/sign-in';

// The gateway as `npm start` runs it: the runtime's, with the demo organizations in the development IDE's picker.
runGateway({ signInChoices: demoSignInChoices() });
