/**
 * The app's identity on Windows (AppUserModelID): the one electron-builder.yml's appId gives the NSIS
 * install's shortcut. Without it Windows shows no notifications from the installed app.
 */
export const APP_ID = 'com.leadinbox.app';
