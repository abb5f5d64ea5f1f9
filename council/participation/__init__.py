"""The participation picture of a council: who took part, by gender and group, against its
composition; and the facilitators' invitation to the groups not heard yet on an open item."""
