"""Tools a person runs by hand (through make) to look at the site: screenshots and Lighthouse."""
