/* Stands in for the theme's 1.5 MB Font Awesome script (see book/_ext/offline_assets.py): the
   theme's stylesheet draws its icons from the bundled webfont, so nothing is needed here. */
