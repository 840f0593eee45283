"""The benchmark harness behind `make bench`: data at scale, the site served for real, and its floors."""
