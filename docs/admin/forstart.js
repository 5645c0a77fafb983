// Loaded before Decap CMS: the editor starts once admin.js has registered the handbook's file formats.
window.CMS_MANUAL_INIT = true;
