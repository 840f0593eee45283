from casestudies.editorial import urls as editorial
from casestudies.library import urls as library
from casestudies.spread import urls as spread

app_name = "casestudies"

# Editorial pages first, so that "new" and "share" are never read as a case study's slug.
urlpatterns = [*editorial.urlpatterns, *library.urlpatterns, *spread.urlpatterns]
