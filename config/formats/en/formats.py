# The programme writes dates day first in English ("22 September 2014"), as UN documents do,
# rather than Django's American default ("Sept. 22, 2014").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
